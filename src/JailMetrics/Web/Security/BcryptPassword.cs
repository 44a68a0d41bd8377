using System.Globalization;

namespace JailMetrics.Service.Web.Security;

/// <summary>bcrypt as basic_auth_users uses it (BCrypt.Net-Next), in the <c>$2y$</c> form htpasswd -B writes.</summary>
public static class BcryptPassword
{
    /// <summary>exporter-toolkit's documented cost: tens of milliseconds per check, once per cached success.</summary>
    public const int DefaultCost = 10;

    public const int MinCost = 4;

    public const int MaxCost = 31;

    public static string Hash(string password, int cost = DefaultCost) =>
        BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(cost, 'y'));

    /// <summary>Whether <paramref name="password"/> matches; a malformed hash never matches.</summary>
    public static bool Verify(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    /// <summary>The cost of a hash the reader accepted (<c>$2y$10$…</c>).</summary>
    public static int CostOf(string hash) =>
        int.Parse(hash.AsSpan(hash.IndexOf('$', 1) + 1, 2), CultureInfo.InvariantCulture);
}
