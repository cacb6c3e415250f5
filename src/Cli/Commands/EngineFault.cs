using System.Runtime.InteropServices;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// TEST ONLY: a fault the engine command makes on purpose once the dump is open, so the service's tests can
/// watch a real crash, hang or blow-up of a real analysis. <c>CRASHDESK_ENGINE_TEST_FAULT=KIND</c> or
/// <c>KIND:TEXT</c> (only for a file whose name contains TEXT), KIND one of abort (SIGABRT), segv (a write to
/// address 8 inside libc: SIGSEGV as a native decompressor's would be), hang (sleeps), spin (burns CPU),
/// oom (allocates until the heap limit). Unset, it does nothing; nothing in production sets it.
/// </summary>
internal static partial class EngineFault
{
    /// <summary>The variable.</summary>
    public const string Variable = "CRASHDESK_ENGINE_TEST_FAULT";

    /// <summary>Makes the configured fault if it applies to <paramref name="fileName"/>.</summary>
    public static void Apply(string fileName)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } setting)
            return;
        int colon = setting.IndexOf(':', StringComparison.Ordinal);
        string kind = colon < 0 ? setting : setting[..colon];
        if (colon >= 0 && !fileName.Contains(setting[(colon + 1)..], StringComparison.Ordinal))
            return;
        switch (kind)
        {
            case "abort":
                Abort();
                break;
            case "segv":
                MemSet(8, 0, 1);
                break;
            case "hang":
                Thread.Sleep(Timeout.Infinite);
                break;
            case "spin":
                for (ulong i = 0; ; i++)
                    Volatile.Write(ref _sink, i);
            case "oom":
                var hoard = new List<byte[]>();
                while (true)
                {
                    var block = new byte[64 << 20];
                    block.AsSpan().Fill(1); // touched: real memory, not just address space
                    hoard.Add(block);
                }
        }
    }

    private static ulong _sink;

    [LibraryImport("libc", EntryPoint = "abort")]
    private static partial void Abort();

    [LibraryImport("libc", EntryPoint = "memset")]
    private static partial nint MemSet(nint destination, int value, nuint count);
}
