using System.Buffers.Binary;
using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Btf;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Tests.Btf;

/// <summary>Reads the Debian dump's BTF from memory once for the class.</summary>
public sealed class DebianBtf : IDisposable
{
    private readonly FileByteSource _source = new(Support.Fixtures.DumpFile(Path.Combine(Support.Fixtures.Dumps, "debian-6.1-cloud/sysrq-c/kdump-zlib")));

    public DebianBtf()
    {
        Context = KernelContextFactory.Create(KernelTarget.Open(_source));
        Assert.True(Context.Symbols.TryGetAddress("__start_BTF", out ulong start));
        Assert.True(Context.Symbols.TryGetAddress("__stop_BTF", out ulong stop));
        Blob = new byte[stop - start];
        Context.Target.KernelMemory.ReadExactly(start, Blob, "BTF");
    }

    public KernelContext Context { get; }

    public byte[] Blob { get; }

    public void Dispose() => _source.Dispose();
}

public class BtfTypeSourceTests(DebianBtf debian) : IClassFixture<DebianBtf>
{
    public static TheoryData<string> CrashStructs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(Support.Fixtures.Root, "kernels", "debian-6.1-cloud", "crash"), "struct-*.txt").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(f)["struct-".Length..]);
        return data;
    }

    [Theory]
    [MemberData(nameof(CrashStructs))]
    public void BtfFromDumpMemoryPrintsCrashsStructOffsetsExactly(string name)
    {
        // No vmlinux: the context's types are the kernel's own BTF. crash's `struct -o` (made with
        // the DWARF debug kernel) is the reference for every member's offset, type and name.
        Assert.Equal("BTF in the dump", debian.Context.TypeOrigin);
        Assert.True(debian.Context.Types.TryFind(name, out var type), name);
        string expected = File.ReadAllText(Path.Combine(Support.Fixtures.Root, "kernels", "debian-6.1-cloud", "crash", $"struct-{name}.txt"));
        Assert.Equal(expected, CrashStructFormatter.Format(type));
    }

    [Fact]
    public void BtfInMemoryEqualsTheVmlinuxBtfSection()
    {
        using var image = ElfImage.Open(Support.Fixtures.Vmlinux("debian-6.1-cloud"));
        Assert.True(BtfTypeSource.TryFromElf(image, out var fromFile));
        Assert.True(image.GetContents(".BTF").Span.SequenceEqual(debian.Blob));
        var fromMemory = BtfTypeSource.Parse(debian.Blob, "memory");
        Assert.Equal(fromFile.TypeCount, fromMemory.TypeCount);
        Assert.True(fromFile.TypeCount > 50_000);
    }

    [Fact]
    public void BitfieldsEnumsAndFunctionPointersMapOntoTheModel()
    {
        var types = debian.Context.Types;
        // task_struct's bitfields (crash: "[1448] unsigned int sched_reset_on_fork : 1;" etc.)
        var task = types.MemberType("task_struct", "sched_reset_on_fork");
        Assert.NotNull(task);
        Assert.True(types.TryFind("task_struct", out var ts));
        Assert.True(ts.TryFindMember("sched_reset_on_fork", out var bit, out _));
        Assert.Equal(1, bit.BitSize);
        // An enum with its constants (include/linux/pid.h).
        Assert.True(types.Source.TryFindType("enum pid_type", out var pidType));
        Assert.Equal(KernelTypeKind.Enum, pidType.Kind);
        Assert.Contains(pidType.Enumerators, e => e.Name == "PIDTYPE_PID" && e.Value == 0);
        Assert.Contains(pidType.Enumerators, e => e.Name == "PIDTYPE_MAX" && e.Value == 4);
        // A typedef to a base type.
        Assert.True(types.Source.TryFindType("u64", out var u64));
        Assert.Equal(KernelTypeKind.Typedef, u64.Kind);
        Assert.Equal(8, u64.Size);
        Assert.Equal("long long unsigned int", u64.Resolved.Name);
        Assert.Equal(7, u64.Resolved.Encoding); // DW_ATE_unsigned
        // A function pointer member: struct module_kobject? use file_operations.read.
        var read = types.MemberType("file_operations", "read");
        Assert.NotNull(read);
        Assert.Equal(KernelTypeKind.Pointer, read!.Kind);
        Assert.Equal(KernelTypeKind.Function, read.Target!.Kind);
        Assert.Equal(4, read.Target.Parameters.Count);
        Assert.False(types.Source.TryFindType("struct no_such_type_anywhere", out _));
    }

    [Fact]
    public void CorruptBlobsAreReportedWithTheirOffset()
    {
        byte[] Mutate(Action<byte[]> change)
        {
            var copy = (byte[])debian.Blob.Clone();
            change(copy);
            return copy;
        }
        Assert.Throws<DumpFormatException>(() => BtfTypeSource.Parse(debian.Blob.AsSpan(0, 16), "cut"));
        Assert.Throws<DumpFormatException>(() => BtfTypeSource.Parse(Mutate(b => b[0] = 0), "magic"));
        // type_len larger than the blob.
        var e = Assert.Throws<DumpFormatException>(() => BtfTypeSource.Parse(Mutate(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), 0x7fff_fff0)), "type_len"));
        Assert.Contains("outside", e.Message);
        // First type record: an unknown kind (31).
        uint hdrLen = BinaryPrimitives.ReadUInt32LittleEndian(debian.Blob.AsSpan(4));
        uint typeOff = BinaryPrimitives.ReadUInt32LittleEndian(debian.Blob.AsSpan(8));
        int first = (int)(hdrLen + typeOff);
        e = Assert.Throws<DumpFormatException>(() => BtfTypeSource.Parse(Mutate(b => b[first + 7] = 0x1f), "kind"));
        Assert.Contains($"offset {first}", e.Message);
        // A huge vlen on the first record runs past the type section.
        Assert.Throws<DumpFormatException>(() => BtfTypeSource.Parse(Mutate(b => { b[first + 7] = 4; b[first + 4] = 0xff; b[first + 5] = 0xff; }), "vlen"));
        // A type id out of range is found when the type is built, not by reading wild memory.
        var badRef = BtfTypeSource.Parse(Mutate(b => { b[first + 7] = 2; BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(first + 8), 0x7fffffff); }), "ref");
        Assert.Throws<DumpFormatException>(() => badRef.GetType(1).Target);
    }

    [Fact]
    public void MiniKernelHasNoBtfSoTypesAreNone()
    {
        using var source = new FileByteSource(Support.Fixtures.DumpFile(Path.Combine(Support.Fixtures.Dumps, "mini-6.1-lockdep/sysrq-c/kdump-zstd")));
        var context = KernelContextFactory.Create(KernelTarget.Open(source));
        Assert.Equal("kallsyms in the dump", context.SymbolOrigin);
        Assert.Equal("none", context.TypeOrigin);
        Assert.Null(context.Types.SizeOf("task_struct"));
    }
}
