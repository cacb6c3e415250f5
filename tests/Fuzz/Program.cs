using Crashdesk.Analysis;
using Crashdesk.Fuzz.Runner;
using Crashdesk.Fuzz.Seeds;
using Crashdesk.Fuzz.Targets;

namespace Crashdesk.Fuzz;

/// <summary>
/// The engine's fuzzer (README "Fuzzing"):
///   smoke                       the bounded run ./test.sh makes (≈2 500 inputs over every target)
///   run --count N [--targets a,b]   N inputs per target (the long run: tests/Fuzz/long-run.sh)
///   replay --target T --index I     one input of a run again, in this process
///   bytes --target T FILE           a saved input (.bin) through the target, in this process
///   libfuzzer --target T / afl --target T   SharpFuzz entry points (libFuzzer / AFL drive the bytes)
///   export-seeds --target T DIR     the target's clean seeds as raw inputs (AFL's -i, libFuzzer's corpus)
/// Options: --seed S (0), --findings DIR (TestResults/fuzz-findings), --jobs J (2), --hang-seconds H
/// (smoke 10, else 30), --memory-cap-mb M (2048), --max-flood BYTES (what one log mutation may add:
/// smoke 1 MiB, run 8 MiB), --scale F (smoke counts × F), --fixtures DIR.
/// </summary>
public static class Program
{
    // Inputs per target in the smoke, longest batches first so two lanes end together; the log
    // triage's floods make it the slowest per input, so it is split (README "Fuzzing").
    private static readonly (string Target, int Count)[] _smoke =
    [
        ("triage", 100), ("triage", 100), ("triage", 100), ("triage", 100), ("analyze", 150), ("opener", 200), ("kdump-zlib", 120), ("kdump-lzo", 120), ("kdump-snappy", 120), ("kdump-zstd", 120), ("flattened", 120),
        ("elf", 100), ("qemu", 100), ("vmcoreinfo", 200), ("printk-prb", 200), ("printk-log", 200), ("kallsyms", 100),
        ("btf", 100), ("dwarf", 150), ("orc", 150),
    ];

    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: Fuzz.dll smoke | run --count N [--targets a,b] | replay --target T --index I | bytes --target T FILE | libfuzzer --target T | afl --target T");
            return 2;
        }
        var o = Options.Parse(args[1..]);
        switch (args[0])
        {
            case "smoke":
                return Report(new Supervisor(o.Settings(TimeSpan.FromSeconds(10), 1 << 20)).Run(SmokeBatches(o.Scale)), "fuzz smoke");
            case "run":
                var names = o.Targets ?? TargetCatalog.Names;
                return Report(new Supervisor(o.Settings(TimeSpan.FromSeconds(30), 8 << 20)).Run(names.Select(n => new Batch(n, o.From, o.From + o.Count)).ToList()), "fuzz run");
            case "worker":
                return Worker.Run(Load(o), o.Seed, o.From, o.To, o.Findings, o.MemoryCapMb << 20);
            case "save":
                var t = Load(o);
                Findings.Save(o.Findings, t.Name, o.Seed, o.Index, o.Kind, o.What, t.Next(new Random(InputSeed.Of(o.Seed, t.Name, o.Index))));
                return 0;
            case "replay":
                var target = Load(o);
                var input = target.Next(new Random(InputSeed.Of(o.Seed, target.Name, o.Index)));
                Console.WriteLine($"{target.Name} #{o.Index}: {input.Seed}: {input.Steps}");
                return Print(Worker.Execute(target, input));
            case "bytes":
                var bt = Load(o);
                byte[] data = File.ReadAllBytes(o.Rest.Single());
                return Print(Worker.ExecuteBytes(bt, data));
            case "export-seeds":
                var et = Load(o);
                string dir = o.Rest.Single();
                Directory.CreateDirectory(dir);
                foreach (var (name, bytes) in et.RawSeeds())
                    File.WriteAllBytes(Path.Combine(dir, name), bytes);
                return 0;
            case "libfuzzer":
                var lt = Load(o);
                SharpFuzz.Fuzzer.LibFuzzer.Run(span => Guard(lt, span));
                return 0;
            case "afl":
                var at = Load(o);
                SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var ms = new MemoryStream();
                    stream.CopyTo(ms);
                    Guard(at, ms.ToArray());
                });
                return 0;
            default:
                Console.Error.WriteLine($"unknown command {args[0]}");
                return 2;
        }
    }

    /// <summary>The smoke's batches: a target split in several takes consecutive input ranges.</summary>
    private static List<Batch> SmokeBatches(double scale)
    {
        var next = new Dictionary<string, long>();
        var batches = new List<Batch>();
        foreach (var (target, count) in _smoke)
        {
            long from = next.GetValueOrDefault(target), n = (long)Math.Ceiling(count * scale);
            batches.Add(new Batch(target, from, from + n));
            next[target] = from + n;
        }
        return batches;
    }

    private static FuzzTarget Load(Options o)
    {
        var t = TargetCatalog.Create(o.Target ?? throw new ArgumentException("--target is required"), o.MaxFlood ?? 2 << 20);
        t.Load(SeedFiles.Locate(o.Fixtures));
        return t;
    }

    /// <summary>For AFL/libFuzzer: documented errors with good messages are fine; anything else propagates as the crash.</summary>
    private static void Guard(FuzzTarget target, ReadOnlySpan<byte> data)
    {
        try
        {
            foreach (string m in target.RunBytes(data))
                if (ErrorMessages.Problem(m, false) is { } p)
                    throw new InvalidOperationException($"unclear report message ({p}): {Worker.Escape(m)}");
        }
        catch (Exception e) when (ErrorMessages.IsDocumented(e))
        {
            if (ErrorMessages.Problem(e.Message, e is DumpFormatException) is { } p)
                throw new InvalidOperationException($"unclear error message ({p}): {Worker.Escape(e.Message)}");
        }
    }

    private static int Print(List<(string Kind, string What)> problems)
    {
        Console.WriteLine("outcome: " + Worker.LastOutcome);
        foreach (var (kind, what) in problems)
            Console.WriteLine($"{kind}: {what}");
        Console.WriteLine(problems.Count == 0 ? "ok: a result or a documented error with a clear message" : $"{problems.Count} problems");
        return problems.Count == 0 ? 0 : 1;
    }

    private static int Report(RunTotals t, string what)
    {
        foreach (string f in t.Found.Take(40))
            Console.WriteLine("  finding: " + f);
        Console.WriteLine($"{what}: {t.Inputs} inputs, {t.Crashes} crashes, {t.Hangs} hangs, peak {t.PeakBytes >> 20} MB ({t.Messages} unclear error messages; slowest input {t.SlowestMs} ms: {t.Slowest})");
        return t.Crashes + t.Hangs + t.Messages == 0 ? 0 : 1;
    }
}
