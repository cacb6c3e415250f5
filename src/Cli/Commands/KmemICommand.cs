using System.Text.Json;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Memory;

namespace Crashdesk.Cli.Commands;

/// <summary>`crashdesk kmem-i &lt;dump&gt; [--vmlinux F] [--json]`: crash's `kmem -i` memory summary.</summary>
internal sealed class KmemICommand : ICliCommand
{
    public string Name => "kmem-i";

    public string Summary => "crash's `kmem -i`: total, free, used, shared, cached, slab, huge pages, swap, commit (--vmlinux F, --json)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error) =>
        KernelCommandRunner.Run(Name, arguments, error, session =>
        {
            var context = KernelContextFactory.Create(session.Target, session.DebugInfo);
            var info = MemoryInfoExtractor.Extract(context);
            foreach (string w in info.Warnings)
                error.WriteLine($"crashdesk kmem-i: {w}");
            if (arguments.Has("--json"))
                output.WriteLine(JsonSerializer.Serialize(info, CliJsonContext.Default.MemoryInfo));
            else
                output.Write(MemoryInfoText.Format(info));
            return 0;
        });
}
