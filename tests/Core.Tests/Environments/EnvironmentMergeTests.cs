using Crashdesk.Core.Environments;

namespace Crashdesk.Core.Tests.Environments;

public sealed class EnvironmentMergeTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);

    private static EnvironmentDocument DumpReading(DateTimeOffset at, string bios = "1.16.2") =>
        new EnvironmentReading(FactSources.Dump, at)
            .Set("hardware.biosVersion", bios).Set("hardware.cpus", 4).Set("os.kernelRelease", "6.1.0-56-cloud-amd64")
            .Gap("hardware.vendor", "the DMI line joins vendor and product")
            .SetModules([new ModuleFact("corpus_crash", null, "OE"), new ModuleFact("virtio", null, "")])
            .Build();

    [Fact]
    public void Applying_the_same_reading_again_changes_nothing_not_even_the_times()
    {
        var first = EnvironmentMerge.Apply(EnvironmentDocument.Empty, DumpReading(Monday));
        var again = EnvironmentMerge.Apply(first, DumpReading(Tuesday));
        Assert.Equal(EnvironmentJson.Serialize(first), EnvironmentJson.Serialize(again));
        Assert.Equal(Monday, again.Hardware["biosVersion"].At);
    }

    [Fact]
    public void A_new_value_from_the_same_source_replaces_the_old_one_with_its_time()
    {
        var first = EnvironmentMerge.Apply(EnvironmentDocument.Empty, DumpReading(Monday));
        var upgraded = EnvironmentMerge.Apply(first, DumpReading(Tuesday, bios: "1.17.0"));
        Assert.Equal(new Fact("1.17.0", FactSources.Dump, Tuesday), upgraded.Hardware["biosVersion"]);
        Assert.Equal(first.Hardware["cpus"], upgraded.Hardware["cpus"]);
    }

    [Fact]
    public void A_persons_fact_outlives_a_machines_reading_and_an_edit_keeps_the_provenance_of_what_it_did_not_change()
    {
        var first = EnvironmentMerge.Apply(EnvironmentDocument.Empty, DumpReading(Monday));
        var input = EnvironmentMerge.ToInput(first);
        var edited = EnvironmentMerge.Replace(first,
            input with { Hardware = new Dictionary<string, string>(input.Hardware!) { ["biosVersion"] = "2.3.1" } }, FactSources.Manual, Tuesday);
        Assert.Equal(new Fact("2.3.1", FactSources.Manual, Tuesday), edited.Hardware["biosVersion"]);
        Assert.Same(first.Hardware["cpus"], edited.Hardware["cpus"]);
        Assert.Same(first.Modules, edited.Modules);
        Assert.Equal(first.Unknown, edited.Unknown);

        var reanalysed = EnvironmentMerge.Apply(edited, DumpReading(Tuesday.AddDays(1), bios: "1.16.2"));
        Assert.Equal("2.3.1", reanalysed.Hardware["biosVersion"].Value);
        Assert.Equal(EnvironmentJson.Serialize(edited), EnvironmentJson.Serialize(reanalysed));
    }

    [Fact]
    public void A_replace_removes_what_the_input_leaves_out_and_a_gap_goes_once_the_field_is_known()
    {
        var first = EnvironmentMerge.Apply(EnvironmentDocument.Empty, DumpReading(Monday));
        var replaced = EnvironmentMerge.Replace(first, new EnvironmentInput
        {
            Hardware = new Dictionary<string, string> { ["vendor"] = "QEMU" },
        }, FactSources.Api, Tuesday);
        Assert.Equal(["vendor"], replaced.Hardware.Keys);
        Assert.Empty(replaced.Os);
        Assert.Null(replaced.Modules);
        Assert.DoesNotContain(replaced.Unknown, g => g.Field == "hardware.vendor");
    }

    [Fact]
    public void Validation_names_unknown_fields_bad_numbers_and_nameless_items()
    {
        var problems = EnvironmentMerge.Validate(new EnvironmentInput
        {
            Hardware = new Dictionary<string, string> { ["colour"] = "red", ["memoryBytes"] = "512 MB" },
            Packages = [new PackageFact("bash", "", null)],
        });
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("hardware.colour: not a field", StringComparison.Ordinal));
        Assert.Contains(problems, p => p == "Memory: \"512 MB\" is not a whole number");
        Assert.Contains(problems, p => p.StartsWith("packages: every package needs a name and a version", StringComparison.Ordinal));
    }

    [Fact]
    public void The_document_survives_its_json_round_trip()
    {
        var document = EnvironmentMerge.Apply(EnvironmentDocument.Empty, DumpReading(Monday));
        var json = EnvironmentJson.Serialize(document);
        Assert.Equal(json, EnvironmentJson.Serialize(EnvironmentJson.Deserialize(json)));
        Assert.Contains("\"biosVersion\":{\"value\":\"1.16.2\",\"source\":\"dump\"", json);
    }

    [Fact]
    public void A_document_read_back_with_its_keys_in_another_order_serialises_as_before()
    {
        var document = EnvironmentMerge.Apply(EnvironmentDocument.Empty, DumpReading(Monday));
        var json = EnvironmentJson.Serialize(document);
        // jsonb orders keys shorter first: "cpus" before "biosVersion".
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var hardware = node["hardware"]!.AsObject();
        var cpus = hardware["cpus"]!.DeepClone();
        hardware.Remove("cpus");
        var rebuilt = new System.Text.Json.Nodes.JsonObject { ["cpus"] = cpus };
        foreach (var (k, v) in hardware.ToList())
            rebuilt[k] = v!.DeepClone();
        node["hardware"] = rebuilt;
        Assert.NotEqual(json, node.ToJsonString());
        Assert.Equal(json, EnvironmentJson.Serialize(EnvironmentJson.Deserialize(node.ToJsonString())));
    }
}
