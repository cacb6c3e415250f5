using Crashdesk.Fuzz.Targets;

namespace Crashdesk.Fuzz.Runner;

/// <summary>
/// Writes one finding: <c>{target}-{index}.txt</c> (kind, what happened, the seed and its mutations,
/// the replay command) and, when the input stands alone and is at most <see cref="MaxSavedBytes"/>,
/// <c>{target}-{index}.bin</c>. At most <see cref="MaxFindings"/> per directory, so disk use stays bounded.
/// </summary>
public static class Findings
{
    public const int MaxSavedBytes = 64 << 20, MaxFindings = 50;

    public static void Save(string dir, string target, int runSeed, long index, string kind, string what, FuzzInput input)
    {
        Directory.CreateDirectory(dir);
        if (Directory.GetFiles(dir, "*.txt").Length >= MaxFindings)
            return;
        string stem = Path.Combine(dir, $"{target}-{index}");
        string saved = "";
        if (input.Bytes is { } bytes)
        {
            byte[] b = bytes();
            if (b.Length <= MaxSavedBytes)
            {
                File.WriteAllBytes(stem + ".bin", b);
                saved = $"input: {Path.GetFileName(stem)}.bin ({b.Length} bytes; run it alone with `Fuzz.dll bytes --target {target} {Path.GetFileName(stem)}.bin`)\n";
            }
        }
        File.WriteAllText(stem + ".txt",
            $"kind: {kind}\ntarget: {target}\nwhat: {what}\nseed: {input.Seed}\nmutations: {input.Steps}\n{saved}" +
            $"replay: dotnet tests/Fuzz/bin/Release/net10.0/Fuzz.dll replay --target {target} --seed {runSeed} --index {index}\n");
    }
}
