using System.Diagnostics;

namespace Crashdesk.TestSupport;

/// <summary>Runs a system program to its end for a fault test (mount, runuser): its output on failure.</summary>
internal static class SystemCommand
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>; throws with its output unless it exits 0.</summary>
    public static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}{await stdout}");
    }
}
