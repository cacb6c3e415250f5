using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Analysis.Types;
using TestFixtures = Crashdesk.Analysis.Tests.Support.Fixtures;

namespace Crashdesk.Analysis.Tests.Profiles;

/// <summary>Kernel profiles: a written-and-read profile prints crash's references and resolves like the vmlinux.</summary>
public class KernelProfileTests
{
    public static TheoryData<string> Kernels() => new(DebugKernels.Ids);

    private static readonly Dictionary<string, byte[]> _bytes = [];

    private static byte[] ProfileBytes(string kernel)
    {
        lock (_bytes)
        {
            if (!_bytes.TryGetValue(kernel, out var b))
            {
                var ms = new MemoryStream();
                KernelProfileSerializer.Write(KernelProfileBuilder.Build(DebugKernels.Get(kernel)), ms);
                _bytes[kernel] = b = ms.ToArray();
            }
            return b;
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Round_trip_keeps_identity_symbols_orc_and_crash_struct_output(string kernel)
    {
        var vmlinux = DebugKernels.Get(kernel);
        string path = Path.Combine(Path.GetTempPath(), $"crashdesk-{Guid.NewGuid():N}.cdkprof");
        File.WriteAllBytes(path, ProfileBytes(kernel));
        try
        {
            var profile = KernelProfileSerializer.Read(path);
            Assert.Equal(vmlinux.Identity, profile.Identity);
            Assert.Equal(vmlinux.Symbols.Count, profile.Symbols.Count);
            Assert.Equal(vmlinux.Symbols.Symbols, profile.Symbols.Symbols);
            Assert.NotNull(profile.Orc);
            Assert.True(vmlinux.Image.TryGetSection(".orc_unwind", out var unwind));
            Assert.True(vmlinux.Image.GetContents(unwind).Span.SequenceEqual(profile.Orc!.Unwind.Span));
            Assert.Equal(vmlinux.Orc!.InstructionAddress(1000), profile.Orc.InstructionAddress(1000));
            foreach (string file in Directory.GetFiles(Path.Combine(TestFixtures.Root, "kernels", kernel, "crash"), "struct-*.txt"))
            {
                string type = Path.GetFileNameWithoutExtension(file)["struct-".Length..];
                string expected = File.ReadAllText(file);
                if (expected.StartsWith("struct: invalid", StringComparison.Ordinal))
                {
                    Assert.False(profile.TryFindType("struct " + type, out _));
                    continue;
                }
                Assert.True(profile.TryFindType("struct " + type, out var t), $"{type} not in the profile");
                Assert.Equal(expected, CrashStructFormatter.Format(t));
            }
            foreach (string name in new[] { "struct held_lock", "struct lockdep_map", "struct rwsem_waiter", "struct mutex_waiter", "struct signal_struct", "struct pid", "struct rq", "struct uts_namespace", "struct new_utsname", "struct kernel_symbol", "struct semaphore" })
                Assert.True(profile.TryFindType(name, out _) || (kernel == "debian-6.1-cloud" && name is "struct held_lock" or "struct lockdep_map") || (kernel == "mini-6.1-lockdep" && name == "struct kernel_symbol"), $"{name} missing from the {kernel} profile");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Profile_member_offsets_equal_dwarf_member_offsets()
    {
        var profile = KernelProfileSerializer.Read(ProfileBytes("mini-6.1-lockdep"), "mini");
        var dwarf = DebugKernels.Get("mini-6.1-lockdep").Types;
        foreach (var (name, type) in profile.NamedTypes)
        {
            Assert.True(dwarf.TryFindType(name, out var d));
            Assert.Equal(d.Size, type.Size);
            Assert.Equal(d.Resolved.Members.Select(m => (m.Name, m.BitOffset, m.BitSize)), type.Resolved.Members.Select(m => (m.Name, m.BitOffset, m.BitSize)));
        }
        Assert.True(profile.TryFindType("struct task_struct", out var task));
        Assert.True(task.TryFindMember("held_locks", out var held, out long offset));
        Assert.Equal(2064, offset); // crash struct-task_struct.txt: [2064] struct held_lock held_locks[48]
        Assert.Equal(48, held.Type.Dimensions[0]);
    }

    [Fact]
    public void A_flipped_byte_is_reported_with_its_section()
    {
        var bytes = (byte[])ProfileBytes("mini-6.1-lockdep").Clone();
        bytes[^100] ^= 0x40;
        var e = Assert.Throws<DumpFormatException>(() => KernelProfileSerializer.Read(bytes, "mini"));
        Assert.Contains("checksum", e.Message);
        Assert.Contains("section", e.Message);
    }

    [Fact]
    public void Truncated_or_foreign_files_are_rejected()
    {
        var bytes = ProfileBytes("mini-6.1-lockdep");
        Assert.Throws<DumpFormatException>(() => KernelProfileSerializer.Read(bytes[..(bytes.Length / 2)], "half"));
        Assert.Throws<DumpFormatException>(() => KernelProfileSerializer.Read("not a profile at all"u8.ToArray(), "text"));
        var newer = (byte[])bytes.Clone();
        newer[8] = 99;
        Assert.Throws<NotSupportedException>(() => KernelProfileSerializer.Read(newer, "newer"));
    }
}
