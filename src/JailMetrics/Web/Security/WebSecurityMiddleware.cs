using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace JailMetrics.Service.Web.Security;

/// <summary>
/// Runs before every endpoint (the landing page, /metrics, the webhook receiver, a 404 alike): adds
/// the configured response headers, and with <c>basic_auth_users</c> answers 401 with a Basic
/// challenge unless the request carries a valid user and password (RFC 7617).
/// </summary>
public sealed class WebSecurityMiddleware(RequestDelegate next, WebConfigMonitor monitor)
{
    public const string Realm = "JailMetrics";

    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, value) in monitor.Current.Headers) context.Response.Headers[name] = value;

        var verifier = monitor.Verifier;
        if (verifier.Enabled)
        {
            var credentials = ParseBasic(context.Request.Headers.Authorization);
            if (credentials is not { } given || !await verifier.VerifyAsync(given.User, given.Password, context.RequestAborted).ConfigureAwait(false))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Unauthorized\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The user and password of an <c>Authorization: Basic base64(user:password)</c> header; null when there is none or it is malformed.</summary>
    public static (string User, string Password)? ParseBasic(string? header)
    {
        if (string.IsNullOrEmpty(header) || !AuthenticationHeaderValue.TryParse(header, out var value)) return null;
        if (!value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null) return null;
        byte[] bytes = new byte[value.Parameter.Length];
        if (!Convert.TryFromBase64String(value.Parameter, bytes, out int length)) return null;
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
    }
}
