using Crashdesk.Cli;

// `crashdesk <command> [arguments]`: see README ("CLI"). Exit codes: 0 ok, 1 analysis error, 2 usage.
var (command, used) = CommandCatalog.Find(args);
if (command is null)
{
    var error = args.Length == 0 || args[0] is "-h" or "--help" ? Console.Out : Console.Error;
    error.WriteLine("usage: crashdesk <command> [arguments]\n\ncommands:");
    foreach (var c in CommandCatalog.All)
        error.WriteLine($"  {c.Name,-16} {c.Summary}");
    return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
}

var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
try
{
    return command.Run(new CliArguments(args[used..], OptionNames.WithValue), stdout, Console.Error);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"crashdesk {command.Name}: {e.Message}");
    return 1;
}
finally
{
    stdout.Flush();
}
