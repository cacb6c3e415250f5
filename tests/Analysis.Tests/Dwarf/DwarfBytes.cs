using System.Text;

namespace Crashdesk.Analysis.Tests.Dwarf;

/// <summary>Byte-level builder for small DWARF sections (layouts: DWARF 5 standard, sections 7.5.1–7.5.6).</summary>
internal sealed class DwarfBytes
{
    private readonly List<byte> _b = [];

    public int Length => _b.Count;

    public DwarfBytes U8(int v) { _b.Add((byte)v); return this; }

    public DwarfBytes U16(int v) { _b.AddRange(BitConverter.GetBytes((ushort)v)); return this; }

    public DwarfBytes U32(uint v) { _b.AddRange(BitConverter.GetBytes(v)); return this; }

    public DwarfBytes Uleb(ulong v)
    {
        do
        {
            byte b = (byte)(v & 0x7f);
            v >>= 7;
            _b.Add(v != 0 ? (byte)(b | 0x80) : b);
        } while (v != 0);
        return this;
    }

    public DwarfBytes Sleb(long v)
    {
        while (true)
        {
            byte b = (byte)(v & 0x7f);
            v >>= 7;
            bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            _b.Add(done ? b : (byte)(b | 0x80));
            if (done)
                return this;
        }
    }

    public DwarfBytes Str(string s) { _b.AddRange(Encoding.UTF8.GetBytes(s)); _b.Add(0); return this; }

    public DwarfBytes Bytes(params byte[] bytes) { _b.AddRange(bytes); return this; }

    public void PatchU32(int at, uint v) => BitConverter.GetBytes(v).CopyTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_b).Slice(at, 4));

    public byte[] ToArray() => _b.ToArray();
}
