namespace Crashdesk.Cli;

/// <summary>
/// One `crashdesk` sub-command. Each command lives in its own file under Commands/ and is found
/// in <see cref="CommandCatalog"/>'s explicit list (a test fails when a command is missing from it).
/// </summary>
internal interface ICliCommand
{
    /// <summary>The word after `crashdesk` (e.g. "log", "profile build").</summary>
    string Name { get; }

    /// <summary>One line for `crashdesk --help`.</summary>
    string Summary { get; }

    /// <summary>Runs the command; returns the process exit code (0 success, 1 analysis error, 2 usage).</summary>
    int Run(CliArguments arguments, TextWriter output, TextWriter error);
}
