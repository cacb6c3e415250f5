using System.Collections.Concurrent;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors.Backtrace;

/// <summary>One opened dump + debug-kernel context + backtrace extractor per fixture, shared by the run.</summary>
public static class BacktraceFixtures
{
    private static readonly ConcurrentDictionary<string, Lazy<(KernelContext Context, BacktraceExtractor Extractor)>> _open = new();

    /// <summary>Fixture ids that have a drgn.json reference.</summary>
    public static TheoryData<string> WithDrgn()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Support.Fixtures.DumpFolders())
            if (File.Exists(Path.Combine(folder, "drgn.json")))
                data.Add(Support.Fixtures.Id(folder));
        return data;
    }

    /// <summary>Fixture ids with drgn.json, each with and without the vmlinux.</summary>
    public static TheoryData<string, bool> WithDrgnBothWays()
    {
        var data = new TheoryData<string, bool>();
        foreach (var folder in Support.Fixtures.DumpFolders())
            if (File.Exists(Path.Combine(folder, "drgn.json")))
            {
                data.Add(Support.Fixtures.Id(folder), true);
                data.Add(Support.Fixtures.Id(folder), false);
            }
        return data;
    }

    /// <summary>Every fixture id with a crash bt-a.txt.</summary>
    public static TheoryData<string> WithCrashBtA()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Support.Fixtures.DumpFolders())
            if (File.Exists(Path.Combine(folder, "crash", "bt-a.txt")))
                data.Add(Support.Fixtures.Id(folder));
        return data;
    }

    private static readonly ConcurrentDictionary<string, Lazy<(KernelContext Context, BacktraceExtractor Extractor)>> _dumpOnly = new();

    /// <summary>The same fixture without a vmlinux: kallsyms symbols, BTF types, ORC read from kernel memory.</summary>
    public static (KernelContext Context, BacktraceExtractor Extractor) OpenDumpOnly(string id) =>
        _dumpOnly.GetOrAdd(id, k => new Lazy<(KernelContext, BacktraceExtractor)>(() =>
        {
            var source = new FileByteSource(FixtureDumps.DumpPath(k));
            var context = KernelContextFactory.Create(KernelTarget.Open(source));
            return (context, new BacktraceExtractor(context));
        })).Value;

    public static (KernelContext Context, BacktraceExtractor Extractor) Open(string id, bool withVmlinux) =>
        withVmlinux ? Open(id) : OpenDumpOnly(id);

    public static string KernelId(string id) => id[..id.IndexOf('/')];

    public static (KernelContext Context, BacktraceExtractor Extractor) Open(string id) =>
        _open.GetOrAdd(id, k => new Lazy<(KernelContext, BacktraceExtractor)>(() =>
        {
            var source = new FileByteSource(FixtureDumps.DumpPath(k));
            var context = KernelContextFactory.Create(KernelTarget.Open(source), DebugKernels.Get(KernelId(k)));
            return (context, new BacktraceExtractor(context, DebugFrameSource.From(DebugKernels.Get(KernelId(k)))));
        })).Value;
}
