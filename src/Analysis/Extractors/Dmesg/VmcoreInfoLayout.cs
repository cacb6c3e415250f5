using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>Reads required SIZE/OFFSET/SYMBOL entries, failing with the missing key's name.</summary>
internal static class VmcoreInfoLayout
{
    public static ulong Symbol(VmcoreInfo info, string name) =>
        info.Symbol(name) ?? throw new NotSupportedException($"VMCOREINFO lacks SYMBOL({name})");

    public static int Size(VmcoreInfo info, string type) => Checked(info.Size(type), $"SIZE({type})", 1 << 16);

    public static int Offset(VmcoreInfo info, string member) => Checked(info.Offset(member), $"OFFSET({member})", 1 << 16);

    private static int Checked(long? value, string key, int max) => value switch
    {
        null => throw new NotSupportedException($"VMCOREINFO lacks {key}"),
        < 0 or > 1 << 16 => throw new DumpFormatException($"VMCOREINFO {key}={value} is not a plausible size/offset (0..{max})") { Field = key },
        _ => (int)value.Value,
    };
}
