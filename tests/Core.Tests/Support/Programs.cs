using System.Diagnostics;

namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// Runs the machine's own tools as references (dpkg, uname, lscpu, dmidecode, lsmod…) and as
/// archivers (xz, gzip, bzip2, tar). Every program named here is installed by ./test.sh
/// (tests/Analysis.Tests/Support/TestProgramsTests.cs checks it).
/// </summary>
internal static class Programs
{
    /// <summary>Runs a program; its exit code and outputs, whatever the exit code.</summary>
    public static ProgramResult Try(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ProgramResult($"{file} {string.Join(' ', arguments)}", process.ExitCode, stdout, stderr.Result);
    }

    /// <summary>Pipes <paramref name="input"/> through a filter (<c>xz -c</c>); its binary output.</summary>
    public static byte[] Filter(string file, byte[] input, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        reading.Wait();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
        return output.ToArray();
    }

    public static byte[] Xz(byte[] tar) => Filter("xz", tar, "-c", "-T1", "-6");

    public static byte[] Gzip(byte[] tar) => Filter("gzip", tar, "-c");

    public static byte[] Bzip2(byte[] tar) => Filter("bzip2", tar, "-c");

    public static byte[] Zstd(byte[] tar) => Filter("zstd", tar, "-c", "-q");

    public static byte[] Unxz(byte[] xz) => Filter("xz", xz, "-dc");
}

internal sealed record ProgramResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The standard output of a run that must have succeeded.</summary>
    public string Output() => ExitCode == 0 ? Stdout : throw new InvalidOperationException($"{Command} exited with {ExitCode}: {Stderr}");
}
