using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Archives;

/// <summary>
/// What a member becomes, from its name and first bytes: a dump (named vmcore, or whose first bytes are
/// one: KDUMP, makedumpfile's flattened format, an ELF core), a console log (vmcore-dmesg.txt, dmesg*.txt,
/// as kdump and people save the kernel log), a sosreport (sosreport-*.tar.* whose first bytes are an archive
/// the import reads). Anything else is skipped, with the reason.
/// </summary>
internal static class MemberClassifier
{
    /// <summary>The kind the member becomes, or null with <paramref name="skipped"/> saying why it is left out.</summary>
    public static ArtifactKind? Classify(string baseName, ReadOnlySpan<byte> head, out string skipped)
    {
        skipped = "";
        if (IsDumpByContent(head))
            return ArtifactKind.Vmcore;
        if (baseName.Equals("vmcore", StringComparison.OrdinalIgnoreCase)
            || (baseName.StartsWith("vmcore.", StringComparison.OrdinalIgnoreCase) && !baseName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)))
        {
            // The name says dump; what the bytes prove otherwise is said (a compressed vmcore inside the archive, a System.map).
            if (UploadProbe.RefuseAsVmcore(head) is { } notADump)
            {
                skipped = $"named like a dump, but {notADump}";
                return null;
            }
            return ArtifactKind.Vmcore;
        }
        if (IsConsoleLogName(baseName))
            return ArtifactKind.ConsoleLog;
        if (baseName.StartsWith("sosreport", StringComparison.OrdinalIgnoreCase))
        {
            if (SosreportProbe.Refuse(head, baseName) is { } notASosreport)
            {
                skipped = notASosreport;
                return null;
            }
            return ArtifactKind.Sosreport;
        }
        skipped = "not a dump (vmcore), a console log (vmcore-dmesg.txt, dmesg*.txt) or a sosreport";
        return null;
    }

    private static bool IsConsoleLogName(string baseName) =>
        baseName.Equals("vmcore-dmesg.txt", StringComparison.OrdinalIgnoreCase)
        || (baseName.StartsWith("dmesg", StringComparison.OrdinalIgnoreCase) && baseName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase));

    // The signatures the engine opens (DumpOpener): makedumpfile's flattened header ("makedumpfile",
    // makedumpfile's IMPLEMENTATION), diskdump/kdump ("KDUMP   ", "DISKDUMP"), an ELF file of type ET_CORE.
    private static bool IsDumpByContent(ReadOnlySpan<byte> head) =>
        head.StartsWith("makedumpfile"u8) || head.StartsWith("KDUMP   "u8) || head.StartsWith("DISKDUMP"u8)
        || (head.Length >= 18 && head.StartsWith("\u007fELF"u8) && System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(head[16..]) == Crashdesk.Analysis.Binary.ElfFileType.Core);
}
