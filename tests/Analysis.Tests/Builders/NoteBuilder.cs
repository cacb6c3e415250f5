using System.Buffers.Binary;
using System.Text;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>ELF notes as the kernel writes them (kernel/crash_core.c append_elf_note(): Elf64_Nhdr, name and descriptor padded to 4).</summary>
public sealed class NoteBuilder
{
    private readonly MemoryStream _bytes = new();

    public NoteBuilder Note(string name, uint type, byte[] desc)
    {
        byte[] n = Encoding.ASCII.GetBytes(name + "\0");
        Span<byte> h = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)n.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)desc.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], type);
        _bytes.Write(h);
        _bytes.Write(n);
        _bytes.Write(new byte[(4 - n.Length % 4) % 4]);
        _bytes.Write(desc);
        _bytes.Write(new byte[(4 - desc.Length % 4) % 4]);
        return this;
    }

    /// <summary>struct elf_prstatus (x86_64, 336 bytes): pr_pid at 32, pr_reg (27 × u64, user_regs_struct order) at 112.</summary>
    public NoteBuilder PrStatus(int pid, ulong rip, ulong rsp)
    {
        var d = new byte[336];
        BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(32), pid);
        BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(112 + 16 * 8), rip);
        BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(112 + 19 * 8), rsp);
        return Note("CORE", 1, d);
    }

    public NoteBuilder VmcoreInfo(string text) => Note("VMCOREINFO", 0, Encoding.ASCII.GetBytes(text));

    public byte[] ToArray() => _bytes.ToArray();
}
