using Crashdesk.Analysis.Formats.Elf;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Formats.Detection;

/// <summary>
/// What the first bytes of an upload declared a vmcore already prove: an empty file, compressed data
/// or an archive, a System.map, a vmlinux or a kernel module are refused while the upload starts,
/// with what to upload instead. Anything else is accepted — it may be a dump, or a console log the
/// analysis recognises as text — and the analysis decides: only what is certain is refused here.
/// </summary>
public static class UploadProbe
{
    /// <summary>How many first bytes the probe wants (fewer when the file is shorter).</summary>
    public const int HeadBytes = 4096;

    /// <summary>Why <paramref name="head"/> (the file's first bytes) cannot be a crash dump, or null when it may be one.</summary>
    public static string? RefuseAsVmcore(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
            return "the file is empty (0 bytes): not a crash dump";
        using var source = new MemoryByteSource(head.ToArray(), "upload");
        if (ElfHeader.HasMagic(source) && head.Length >= 64)
            return DumpOpener.NonCoreElf(ElfHeader.Read(source).Type);
        return DumpOpener.KnownNonDump(head);
    }
}
