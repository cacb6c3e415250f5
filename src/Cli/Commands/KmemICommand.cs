using System.Text.Json;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Memory;

namespace Crashdesk.Cli.Commands;

/// <summary>`crashdesk kmem-i &lt;dump&gt; [--shared] [--vmlinux F] [--json]`: crash's `kmem -i` memory summary (`--shared`: crash's `kmem -i=shared`).</summary>
internal sealed class KmemICommand : ICliCommand
{
    public string Name => "kmem-i";

    public string Summary => "crash's `kmem -i`: total, free, used, cached, slab, huge pages, swap, commit (--shared: every struct page walked for SHARED; --vmlinux F, --json)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error) =>
        KernelCommandRunner.Run(Name, arguments, error, session =>
        {
            var context = KernelContextFactory.Create(session.Target, session.DebugInfo);
            var info = MemoryInfoExtractor.Extract(context, arguments.Has("--shared"));
            foreach (string w in info.Warnings)
                error.WriteLine($"crashdesk kmem-i: {w}");
            if (arguments.Has("--json"))
                output.WriteLine(JsonSerializer.Serialize(info, CliJsonContext.Default.MemoryInfo));
            else
                output.Write(MemoryInfoText.Format(info));
            return 0;
        });
}
