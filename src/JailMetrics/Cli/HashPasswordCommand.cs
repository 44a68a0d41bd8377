using System.CommandLine;
using System.Text;
using JailMetrics.Service.Web.Security;

namespace JailMetrics.Service.Cli;

/// <summary>
/// <c>jailmetrics hash-password</c>: reads a password from stdin (without echo on a terminal, the first
/// line when piped) and prints its bcrypt hash for <c>basic_auth_users</c> in the web config file.
/// </summary>
public static class HashPasswordCommand
{
    public const int ExitBadInput = 2;

    public static Command Create()
    {
        var cost = new Option<int>("--cost")
        {
            Description = $"bcrypt cost: each step doubles the time to check a password ({BcryptPassword.MinCost}..{BcryptPassword.MaxCost})",
            DefaultValueFactory = _ => BcryptPassword.DefaultCost,
        };
        cost.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value is < BcryptPassword.MinCost or > BcryptPassword.MaxCost)
                result.AddError($"--cost {value} is outside {BcryptPassword.MinCost}..{BcryptPassword.MaxCost}");
        });
        var command = new Command("hash-password",
            "Read a password from stdin and print its bcrypt hash, for basic_auth_users in the --web.config.file")
        {
            cost,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string? password = Console.IsInputRedirected ? ReadPipedLine() : ReadWithoutEcho(error);
            if (string.IsNullOrEmpty(password))
            {
                error.WriteLine("jailmetrics: hash-password: no password given on stdin (an empty password is refused)");
                return ExitBadInput;
            }
            if (Encoding.UTF8.GetByteCount(password) > 72)
            {
                // bcrypt looks at the first 72 bytes only; a longer password would silently share a hash with its prefix.
                error.WriteLine("jailmetrics: hash-password: the password is longer than bcrypt's 72 bytes");
                return ExitBadInput;
            }
            output.WriteLine(BcryptPassword.Hash(password, parse.GetValue(cost)));
            return 0;
        });
        return command;
    }

    /// <summary>The first line of piped input, without its line ending.</summary>
    private static string? ReadPipedLine() => Console.In.ReadLine()?.TrimEnd('\r');

    /// <summary>Prompts on stderr and reads keys until Enter, echoing nothing.</summary>
    private static string ReadWithoutEcho(TextWriter prompt)
    {
        prompt.Write("Password: ");
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0) password.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
        prompt.WriteLine();
        return password.ToString();
    }
}
