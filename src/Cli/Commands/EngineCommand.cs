using System.Globalization;
using System.Text;
using System.Text.Json;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Engine;
using Crashdesk.Analysis.IO.Remote;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// `crashdesk engine --channel SOCKET [--log] [--profile-out F] [--cpu-seconds N] [--limits JSON]`: for the
/// service, not for people. Analyses the one artifact the parent process serves on the byte channel at SOCKET
/// (<see cref="RemoteChannel"/>) as the service's worker would (<see cref="ArtifactEngine"/>), asks the parent for
/// the debug information once the dump's identity is known, and prints one <see cref="EngineEnvelope"/> (JSON) on
/// stdout: exit 0 with a report, 1 with a failure, 2 on a usage error. A crash or a limit ends it by a signal,
/// which the parent reads as such.
/// </summary>
internal sealed class EngineCommand : ICliCommand
{
    /// <summary>Prefix of the parent's answer naming a dump profile (kallsyms and BTF kept from an earlier dump).</summary>
    public const string DumpProfileAnswer = "dump:";

    /// <summary>Prefix of the parent's answer naming a debug kernel's profile.</summary>
    public const string DebugProfileAnswer = "debug:";

    public string Name => "engine";

    public string Summary => "for the service's worker only: one analysis over its byte channel, a JSON envelope on stdout";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (arguments.Option("--channel") is not { } socket)
        {
            error.WriteLine("usage: crashdesk engine --channel SOCKET [--log] [--profile-out F] [--cpu-seconds N] [--limits JSON] (run by the service)");
            return 2;
        }
        if (arguments.Option("--cpu-seconds") is { } cpu)
            ProcessLimits.LimitCpuSeconds(long.Parse(cpu, CultureInfo.InvariantCulture));
        var limits = arguments.Option("--limits") is { } json
            ? JsonSerializer.Deserialize(json, CliJsonContext.Default.AnalysisLimits) ?? AnalysisLimits.Default
            : AnalysisLimits.Default;

        EngineEnvelope envelope;
        try
        {
            envelope = Analyze(socket, arguments.Has("--log"), arguments.Option("--profile-out"), limits);
        }
        catch (Exception e)
        {
            envelope = new EngineEnvelope { Failure = new EngineFailure(EngineFailureKinds.Of(e), e.Message) };
            if (EngineFailureKinds.Of(e) == EngineFailureKinds.Other)
                error.WriteLine(e.ToString()); // a bug: the stack goes to the parent's log
        }
        envelope = envelope with { EngineMs = clock.Elapsed.TotalMilliseconds };
        output.Write(JsonSerializer.Serialize(envelope, CliJsonContext.Default.EngineEnvelope));
        return envelope.Failure is null ? 0 : 1;
    }

    private static EngineEnvelope Analyze(string socket, bool uploadedAsLog, string? profileOut, AnalysisLimits limits)
    {
        var channel = RemoteChannel.Connect(socket);
        using var source = new RemoteByteSource(channel);
        var engine = ArtifactEngine.Start(source, uploadedAsLog, limits);
        EngineFault.Apply(source.Name);
        IKernelDebugInfo? debugInfo = null;
        if (engine.TakesDebugInfo)
        {
            using (engine.Timings!.Start("debug kernel"))
                debugInfo = LoadAnswer(channel.Ask(JsonSerializer.SerializeToUtf8Bytes(engine.Identity!, CliJsonContext.Default.DumpIdentity)));
        }
        var result = engine.Finish(debugInfo, CancellationToken.None);
        bool written = false;
        if (result.BuiltProfile is { } built && profileOut is not null)
        {
            KernelProfileSerializer.Write(built, profileOut);
            written = true;
        }
        return new EngineEnvelope
        {
            Report = result.Report,
            IsLog = engine.IsLog,
            BuildId = result.BuildId,
            ProfileWritten = written,
            Phases = engine.Timings is { } timings
                ? [.. timings.Recorded.Select(p => new EnginePhase(p.Phase, p.Start.TotalMilliseconds, p.WallMs, p.CpuMs))]
                : [],
        };
    }

    /// <summary>The parent's answer: empty (none), or a profile file named with its kind.</summary>
    private static KernelProfile? LoadAnswer(byte[] answer)
    {
        string text = Encoding.UTF8.GetString(answer);
        if (text.Length == 0)
            return null;
        if (text.StartsWith(DumpProfileAnswer, StringComparison.Ordinal))
            return KernelProfileSerializer.Read(text[DumpProfileAnswer.Length..]).AsDumpProfile();
        if (text.StartsWith(DebugProfileAnswer, StringComparison.Ordinal))
            return KernelProfileSerializer.Read(text[DebugProfileAnswer.Length..]);
        throw new IOException($"the service's answer to the debug-information question is not understood: {text}");
    }
}
