using Crashdesk.Analysis.Extractors.Memory;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>crash's <c>kmem -i</c> (memory.c dump_kmeminfo()), as <c>crashdesk kmem-i</c> prints it; the other kmem options are not built.</summary>
internal sealed class KmemShellCommand : IShellCommand
{
    public string Name => "kmem";

    public string Summary => "memory usage summary (-i)";

    public string Usage => "kmem -i[=shared]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        // crash 9.0: `-i=shared` also counts SHARED, walking every struct page.
        bool shared = invocation.Has("-i=shared");
        CrashOptions.Check(this, invocation, "-i", "-i=shared");
        if (!(invocation.Has("-i") || shared) || invocation.Arguments.Count > 0)
            throw new ShellCommandException($"kmem: only -i is available here\nUsage: {Usage}");
        var info = MemoryInfoExtractor.Extract(shell.Context, shared, cancellationToken);
        output.Write(MemoryInfoText.Format(info));
        foreach (string warning in info.Warnings)
            output.WriteLine($"kmem: {warning}");
    }
}
