namespace Crashdesk.Analysis.Shell;

/// <summary>
/// One crash-compatible command of the shell (crash's own command names and options; the text it
/// prints is crash's where crash has the command). Commands are stateless: everything they read
/// comes from the <see cref="CrashShell"/> (the dump, its kernel context, cached task list).
/// </summary>
public interface IShellCommand
{
    /// <summary>The name typed ("bt").</summary>
    string Name { get; }

    /// <summary>One line for <c>help</c> and Tab completion.</summary>
    string Summary { get; }

    /// <summary>The usage line <c>help NAME</c> prints ("bt [-a|-f|-l] [pid | task]").</summary>
    string Usage { get; }

    /// <summary>
    /// Runs the command, printing to <paramref name="output"/>. A wrong argument is printed as crash
    /// prints it (and reported by throwing <see cref="ShellCommandException"/>); the command checks
    /// <paramref name="cancellationToken"/> in every loop over dump data.
    /// </summary>
    void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken);
}

/// <summary>A command's own failure ("struct: invalid data structure reference: foo"): printed, the shell goes on.</summary>
public sealed class ShellCommandException(string message) : Exception(message);
