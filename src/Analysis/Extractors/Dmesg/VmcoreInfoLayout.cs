using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// Reads required SIZE/OFFSET/SYMBOL entries, failing with the missing key's name, and refuses
/// values no kernel can have, naming the VMCOREINFO line: a member that does not fit inside its
/// struct, a size outside what the struct can be. The log readers trust these numbers for every
/// record, so one wrong line otherwise silently returns less (or nothing) instead of failing.
/// </summary>
internal static class VmcoreInfoLayout
{
    public static ulong Symbol(VmcoreInfo info, string name) =>
        info.Symbol(name) ?? throw new NotSupportedException($"VMCOREINFO lacks SYMBOL({name})");

    public static int Size(VmcoreInfo info, string type) => Checked(info.Size(type), $"SIZE({type})", 1 << 16);

    public static int Offset(VmcoreInfo info, string member) => Checked(info.Offset(member), $"OFFSET({member})", 1 << 16);

    /// <summary>SIZE(<paramref name="type"/>), refused outside [<paramref name="min"/>, <paramref name="max"/>] (what the struct can be on x86_64).</summary>
    public static int Size(VmcoreInfo info, string type, int min, int max)
    {
        int size = Size(info, type);
        if (size < min || size > max)
            throw Impossible($"SIZE({type})", size, min == max ? $"struct {type} is {min} bytes on x86_64" : $"struct {type} is {min}..{max} bytes on x86_64");
        return size;
    }

    /// <summary>
    /// OFFSET(<paramref name="type"/>.<paramref name="member"/>) of a member of <paramref name="memberSize"/>
    /// bytes, refused unless the member lies inside the struct: SIZE(<paramref name="type"/>) when
    /// VMCOREINFO has it, else <paramref name="maxTypeSize"/>.
    /// </summary>
    public static int Member(VmcoreInfo info, string type, string member, int memberSize, int maxTypeSize)
    {
        string key = $"OFFSET({type}.{member})";
        int offset = Checked(info.Offset($"{type}.{member}"), key, 1 << 16);
        long? exported = info.Size(type);
        long limit = exported is { } s and >= 0 and <= 1 << 16 ? s : maxTypeSize;
        string what = exported is not null ? $"SIZE({type})={limit}" : $"the {limit} bytes struct {type} can have";
        if ((long)offset + memberSize > limit)
            throw Impossible(key, offset, $"the {memberSize}-byte member {member} would end at byte {(long)offset + memberSize}, past {what}");
        return offset;
    }

    /// <summary>
    /// Refuses SIZE(<paramref name="type"/>) unless it is the end of its last member rounded up to
    /// the struct's alignment: a struct is no larger (C11 6.7.2.1: padding only to align).
    /// </summary>
    public static void SizeEndsAtLastMember(VmcoreInfo info, string type, int size, string lastMember, int lastMemberEnd, int alignment)
    {
        int expected = (lastMemberEnd + alignment - 1) / alignment * alignment;
        if (size != expected)
            throw Impossible($"SIZE({type})", size, $"its last member {lastMember} ends at byte {lastMemberEnd}, so the struct is {expected} bytes");
    }

    private static DumpFormatException Impossible(string key, long value, string why) =>
        new($"VMCOREINFO line {key}={value} cannot be right: {why}") { Field = key };

    private static int Checked(long? value, string key, int max) => value switch
    {
        null => throw new NotSupportedException($"VMCOREINFO lacks {key}"),
        < 0 or > 1 << 16 => throw new DumpFormatException($"VMCOREINFO {key}={value} is not a plausible size/offset (0..{max})") { Field = key },
        _ => (int)value.Value,
    };
}
