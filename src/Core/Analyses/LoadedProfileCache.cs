using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Core.Analyses;

/// <summary>
/// The last few kernel profiles loaded from the object store, by object key (a key names one
/// build-id, format and type list, and objects are never rewritten with other content), so a
/// worker analysing several dumps of one kernel parses its profile once. Bounded LRU; profiles are
/// immutable and their lazy parts thread-safe, so analyses may share one.
/// </summary>
internal sealed class LoadedProfileCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<(string Key, KernelProfile Profile)> _entries = new();

    public bool TryGet(string key, out KernelProfile profile)
    {
        lock (_lock)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    _entries.Remove(node);
                    _entries.AddFirst(node);
                    profile = node.Value.Profile;
                    return true;
                }
            }
        }
        profile = null!;
        return false;
    }

    public void Add(string key, KernelProfile profile)
    {
        lock (_lock)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    _entries.Remove(node);
                    break;
                }
            }
            _entries.AddFirst((key, profile));
            while (_entries.Count > capacity)
                _entries.RemoveLast();
        }
    }
}
