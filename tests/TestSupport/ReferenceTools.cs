using System.Diagnostics;

namespace Crashdesk.TestSupport;

/// <summary>The machine's own tools, run as references for what our readers find (./test.sh installs them).</summary>
public static class ReferenceTools
{
    /// <summary>Runs a tool; returns its standard output, throws on a non-zero exit.</summary>
    public static string Run(string file, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true };
        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}");
        return output;
    }

    /// <summary>The GNU build-id of an ELF file as binutils' `readelf -n` prints it (the reference, not our reader).</summary>
    public static string ReadelfBuildId(string path)
    {
        string notes = Run("readelf", "-n", path);
        const string label = "Build ID: ";
        int at = notes.IndexOf(label, StringComparison.Ordinal);
        if (at < 0)
            throw new InvalidOperationException($"readelf -n {path} printed no '{label}'");
        return notes[(at + label.Length)..].Split('\n', 2)[0].Trim();
    }
}
