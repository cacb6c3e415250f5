using System.Buffers.Binary;
using System.Text;

namespace Crashdesk.Analysis.Extractors.Tasks;

/// <summary>The fields of one task_struct the walk needs, decoded from one read of its leading bytes.</summary>
internal sealed record RawTask(
    ulong Address, int Pid, int Tgid, ulong RealParent, string Comm, ulong Mm, uint Flags, ulong State, ulong ExitState,
    int Cpu, ulong Signal, ulong TasksNext, ulong ThreadNodeNext, ulong ThreadGroupNext, long SplitRssFile, long SplitRssAnon)
{
    public static RawTask Decode(ulong address, byte[] b, TaskLayout l)
    {
        ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan((int)at));
        uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)at));
        var comm = b.AsSpan((int)l.Comm, 16);
        int nul = comm.IndexOf((byte)0);
        return new RawTask(
            address,
            (int)U32(l.Pid),
            (int)U32(l.Tgid),
            U64(l.RealParent),
            Encoding.Latin1.GetString(nul < 0 ? comm : comm[..nul]),
            U64(l.Mm),
            U32(l.Flags),
            l.StateSize == 8 ? U64(l.State) : U32(l.State),
            l.ExitState is { } e ? U32(e) : 0,
            (int)U32(l.Cpu),
            U64(l.Signal),
            U64(l.Tasks),
            l.ThreadNode is { } tn ? U64(tn) : 0,
            l.ThreadGroup is { } tg ? U64(tg) : 0,
            l.TaskRssCount is { } r ? (int)U32(r) : 0,
            l.TaskRssCount is { } r2 ? (int)U32(r2 + 4) : 0);
    }
}
