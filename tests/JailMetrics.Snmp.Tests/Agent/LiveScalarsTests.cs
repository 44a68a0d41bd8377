using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Tests.Agent;

public class LiveScalarsTests
{
    [Fact]
    public void Getnext_answers_alike_whatever_was_asked_before_and_from_several_threads_at_once()
    {
        // GetNext keeps where it last answered as a shortcut for table walks under LayeredMibReader;
        // it must never change an answer, wherever the previous question was.
        var types = new[] { "1.3.6.1.2.1.1.1", "1.3.6.1.2.1.1.3", "1.3.6.1.2.1.11.1", "1.3.6.1.2.1.11.32", "1.3.6.1.6.3.1.1.6.1" }
            .Select(Oid.Parse).ToArray();
        var scalars = new LiveScalars(types.Select((type, i) => (type, (Func<SnmpValue>)(() => SnmpValue.Integer(i)))));
        var instances = types.Select(type => type.Append(0)).ToArray();
        Oid[] probes =
        [
            Oid.Parse("1.3.6.1"),                        // before every scalar
            .. instances,                                // each instance itself
            .. types,                                    // each object type (just before its instance)
            Oid.Parse("1.3.6.1.2.1.2.2.1.1.5"),          // between two scalars
            Oid.Parse("1.3.6.1.4.1.32473.1.2.3.1.2.7"),  // a table row between the last two
            Oid.Parse("1.3.6.1.4.1.32473.1.2.3.1.25.999"),
            Oid.Parse("1.3.6.1.6.3.1.1.6.1.0.5"),        // after the last instance
            Oid.Parse("2"),
        ];

        void AskInRandomOrder(int seed)
        {
            var random = new Random(seed);
            for (int i = 0; i < 5000; i++)
            {
                var from = probes[random.Next(probes.Length)];
                int expected = Array.FindIndex(instances, instance => instance.CompareTo(from) > 0);
                bool found = scalars.TryGetNext(from, out var next, out var value);
                Assert.Equal(expected >= 0, found);
                Assert.Equal(expected >= 0 ? instances[expected] : from, next);
                Assert.Equal(expected >= 0 ? SnmpValue.Integer(expected) : SnmpValue.EndOfMibView, value);
            }
        }

        AskInRandomOrder(seed: 1);
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, AskInRandomOrder);
    }
}
