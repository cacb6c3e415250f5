namespace Crashdesk.Fuzz.Runner;

/// <summary>
/// The random seed of input <c>index</c> of a target in a run: FNV-1a over the run seed, the target's
/// name and the index, so any input is made again from those three alone (replay, saving a hang).
/// </summary>
public static class InputSeed
{
    public static int Of(int runSeed, string target, long index)
    {
        uint h = 2166136261;
        void Mix(long v)
        {
            for (int i = 0; i < 8; i++, v >>= 8)
                h = (h ^ (byte)v) * 16777619;
        }
        Mix(runSeed);
        foreach (char c in target)
            Mix(c);
        Mix(index);
        return (int)(h & 0x7fffffff);
    }
}
