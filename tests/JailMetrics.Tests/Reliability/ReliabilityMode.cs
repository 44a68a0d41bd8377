namespace JailMetrics.Tests.Reliability;

/// <summary>
/// How hard the reliability tests push: the CI mode keeps each test within about a minute on the
/// 2-core CI machine; <c>JM_RELIABILITY_LONG=1</c> turns on the long mode for manual runs
/// (the figures issue 8 asks for: 50 walkers, 20 scrapers, 60 s, 1000 churn cycles).
/// </summary>
public static class ReliabilityMode
{
    public const string Variable = "JM_RELIABILITY_LONG";

    public static bool Long { get; } = Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary><paramref name="ci"/> normally, <paramref name="longMode"/> when the long mode is on.</summary>
    public static T Pick<T>(T ci, T longMode) => Long ? longMode : ci;

    public static string Name => Long ? "long" : "ci";
}
