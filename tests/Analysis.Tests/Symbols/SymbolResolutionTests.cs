using System.Text.RegularExpressions;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Tests.Support;
using TestFixtures = Crashdesk.Analysis.Tests.Support.Fixtures;

namespace Crashdesk.Analysis.Tests.Symbols;

/// <summary>
/// Symbol lookups against crash's `bt -a` (runtime addresses; KASLR from the dump's VMCOREINFO
/// `KERNELOFFSET`) and against the mini kernel's System.map (the vmlinux side).
/// </summary>
public partial class SymbolResolutionTests
{
    [GeneratedRegex(@"^\s*#\d+ \[[0-9a-f]+\] (?<name>\S+) at (?<addr>[0-9a-f]+)(?<module> \[\S+\])?$")]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"\[exception RIP: (?<where>\S+)\]")]
    private static partial Regex ExceptionLine();

    [GeneratedRegex(@"^\s*RIP: (?<addr>[0-9a-f]{16})")]
    private static partial Regex RipLine();

    public static TheoryData<string> Dumps()
    {
        var data = new TheoryData<string>();
        foreach (string folder in TestFixtures.DumpFolders())
            data.Add(TestFixtures.Id(folder));
        return data;
    }

    private static (List<(ulong Address, string Name)> Frames, List<(ulong Address, string Where)> Exceptions) Reference(string folder)
    {
        var frames = new List<(ulong, string)>();
        var exceptions = new List<(ulong, string)>();
        string[] lines = File.ReadAllLines(Path.Combine(folder, "crash", "bt-a.txt"));
        for (int i = 0; i < lines.Length; i++)
        {
            var f = FrameLine().Match(lines[i]);
            if (f.Success && !f.Groups["module"].Success) // module frames come from the module's own symbols (dump side)
                frames.Add((Convert.ToUInt64(f.Groups["addr"].Value, 16), f.Groups["name"].Value));
            var e = ExceptionLine().Match(lines[i]);
            if (e.Success && i + 1 < lines.Length && RipLine().Match(lines[i + 1]) is { Success: true } rip && !lines[i].Contains("[corpus_crash]"))
                exceptions.Add((Convert.ToUInt64(rip.Groups["addr"].Value, 16), e.Groups["where"].Value));
        }
        return (frames, exceptions);
    }

    private static void AssertResolves(SymbolTable symbols, string folder, string source)
    {
        var (frames, exceptions) = Reference(folder);
        Assert.NotEmpty(frames);
        foreach (var (address, name) in frames)
        {
            Assert.True(symbols.TryResolve(address, out var loc), $"{source}: {address:x} not resolved");
            Assert.Equal(name, loc.Symbol.Name);
        }
        Assert.True(symbols.TryGetAddress("_end", out ulong end), $"{source}: no _end");
        foreach (var (address, where) in exceptions)
        {
            if (address >= end)
            {
                // A module's code (corpus_crash): vmlinux symbols must not claim it.
                Assert.False(symbols.TryResolve(address, out var wrong), $"{source}: module address {address:x} resolved to {wrong}");
                continue;
            }
            Assert.True(symbols.TryResolve(address, out var loc), $"{source}: exception RIP {address:x} not resolved");
            Assert.Equal(where, loc.ToString());
        }
    }

    private static long KernelOffset(string folder) =>
        Convert.ToInt64(DebugKernels.VmcoreInfoValue(TestFixtures.DumpFile(folder), "KERNELOFFSET"), 16);

    [Theory]
    [MemberData(nameof(Dumps))]
    public void Every_bt_a_frame_resolves_to_crash_function_with_vmlinux_symtab(string id)
    {
        string folder = Path.Combine(TestFixtures.Dumps, id);
        string kernel = id.Split('/')[0];
        var symbols = DebugKernels.Get(kernel).Symbols.WithKaslrOffset(KernelOffset(folder));
        AssertResolves(symbols, folder, $"{id} .symtab");
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void Mini_frames_resolve_with_system_map_alone(string id)
    {
        if (!id.StartsWith("mini-6.1-lockdep/", StringComparison.Ordinal))
            return; // only the mini kernel ships a System.map
        string folder = Path.Combine(TestFixtures.Dumps, id);
        var map = new SystemMapSource(Path.Combine(TestFixtures.Root, "kernels", "mini-6.1-lockdep", "System.map"));
        AssertResolves(SymbolTable.Create(map.ReadSymbols(), KernelOffset(folder)), folder, $"{id} System.map");
    }

    [Fact]
    public void Symtab_agrees_with_system_map_on_every_text_symbol()
    {
        var symtab = DebugKernels.Get("mini-6.1-lockdep").Symbols;
        var map = new SystemMapSource(Path.Combine(TestFixtures.Root, "kernels", "mini-6.1-lockdep", "System.map")).ReadSymbols();
        int checkedCount = 0;
        foreach (var s in map.Where(s => s.Type is 'T' or 't'))
        {
            Assert.True(symtab.TryGetSymbol(s.Name, out var e), $"{s.Name} missing from .symtab");
            if (e.IsGlobal || s.Type == 'T')
                Assert.Equal(s.Address, symtab.Symbols.First(x => x.Name == s.Name && x.Address == s.Address).Address);
            checkedCount++;
        }
        Assert.True(checkedCount > 10_000, $"only {checkedCount} text symbols in System.map");
    }

    [Fact]
    public void Kaslr_offset_moves_name_lookups_and_resolution_together()
    {
        var link = DebugKernels.Get("mini-6.1-lockdep").Symbols;
        Assert.True(link.TryGetAddress("sysrq_handle_crash", out ulong linkAddress));
        var moved = link.WithKaslrOffset(0x7600000);
        Assert.True(moved.TryGetAddress("sysrq_handle_crash", out ulong runtime));
        Assert.Equal(linkAddress + 0x7600000, runtime);
        Assert.True(moved.TryResolve(runtime + 5, out var loc));
        Assert.Equal("sysrq_handle_crash+5", loc.ToString());
    }

    [Fact]
    public void System_map_malformed_line_names_its_number()
    {
        var e = Assert.Throws<DumpFormatException>(() => SystemMapSource.Parse(new StringReader("ffffffff81000000 T _text\nnot a line\n"), "System.map"));
        Assert.Contains("line 2", e.Message);
    }
}
