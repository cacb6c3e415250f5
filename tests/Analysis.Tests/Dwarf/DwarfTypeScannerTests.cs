using Crashdesk.Analysis.Dwarf;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Dwarf;

/// <summary>
/// The targeted type scan (profile builds) must find exactly the DIEs the full name index finds:
/// same first complete definition for every name, same names missing, on both fixture kernels.
/// </summary>
public class DwarfTypeScannerTests
{
    public static TheoryData<string> Kernels() => new(DebugKernels.Ids);

    private static readonly string[] _absentOrTricky =
    [
        "struct no_such_type_in_any_kernel", "union thread_union", "struct Elf64_Sym", "struct pcpu_hot", "struct module_memory",
        "u8", "int", "long unsigned int", "enum pid_type", "union sigval",
    ];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Scan_finds_the_same_definitions_as_the_full_index(string kernel)
    {
        var dwarf = new DwarfInfo(DebugKernels.Get(kernel).Dwarf.Sections);
        string[] names = ProfileTypes.All.Concat(_absentOrTricky).Distinct().ToArray();
        var scanned = DwarfTypeScanner.FindFirstDefinitions(dwarf, names);
        var indexed = ByIndex(dwarf, names);
        Assert.True(indexed.Count > 60, $"only {indexed.Count} of the names in the index");
        Assert.Equal(indexed.OrderBy(p => p.Key, StringComparer.Ordinal), scanned.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.DoesNotContain("struct no_such_type_in_any_kernel", scanned.Keys);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Scan_that_stops_early_when_every_name_is_found_gives_the_same_answer(string kernel)
    {
        var sections = DebugKernels.Get(kernel).Dwarf.Sections;
        var full = new DwarfInfo(sections);
        string[] present = ProfileTypes.All.Where(n => full.Index.TryFindTypeOffset(n, out _)).ToArray();
        var scanned = DwarfTypeScanner.FindFirstDefinitions(new DwarfInfo(sections), present);
        Assert.Equal(ByIndex(full, present).OrderBy(p => p.Key, StringComparer.Ordinal), scanned.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Profile_built_with_the_scan_is_byte_identical_to_one_built_from_the_full_index(string kernel)
    {
        string path = Support.Fixtures.Vmlinux(kernel);
        using var scanned = DebugKernel.Open(path);
        using var indexed = DebugKernel.Open(path);
        _ = indexed.Dwarf.Index; // with the index built, FindTypes answers from it (the old way)
        Assert.Equal(ProfileBytes(indexed), ProfileBytes(scanned));
    }

    private static byte[] ProfileBytes(DebugKernel kernel)
    {
        var ms = new MemoryStream();
        KernelProfileSerializer.Write(KernelProfileBuilder.Build(kernel, ProfileTypes.All), ms);
        return ms.ToArray();
    }

    private static Dictionary<string, int> ByIndex(DwarfInfo dwarf, IEnumerable<string> names)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string n in names)
            if (dwarf.Index.TryFindTypeOffset(n, out int o))
                result[n] = o;
        return result;
    }
}
