using TestFixtures = Crashdesk.Analysis.Tests.Support.Fixtures;
using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Tests.Types;

/// <summary>Type layouts against crash 8.0.2's `struct -o` output in the fixtures.</summary>
public class StructLayoutTests
{
    public static TheoryData<string, string> References()
    {
        var data = new TheoryData<string, string>();
        foreach (string kernel in DebugKernels.Ids)
            foreach (string file in Directory.GetFiles(Path.Combine(TestFixtures.Root, "kernels", kernel, "crash"), "struct-*.txt").Order(StringComparer.Ordinal))
                data.Add(kernel, Path.GetFileNameWithoutExtension(file)["struct-".Length..]);
        return data;
    }

    [Theory]
    [MemberData(nameof(References))]
    public void Struct_offsets_equal_crash(string kernel, string type)
    {
        string expected = File.ReadAllText(Path.Combine(TestFixtures.Root, "kernels", kernel, "crash", $"struct-{type}.txt"));
        var types = DebugKernels.Get(kernel).Types;
        if (expected.StartsWith("struct: invalid data structure reference", StringComparison.Ordinal))
        {
            Assert.False(types.TryFindType("struct " + type, out _), $"crash found no {type} in {kernel}, we did");
            return;
        }
        Assert.True(types.TryFindType("struct " + type, out var t), $"struct {type} not found in {kernel}");
        Assert.Equal(expected, CrashStructFormatter.Format(t));
    }
}
