using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>dmidecode 3.x output of a Dell server (serial numbers replaced), and its failures in a container and on a machine without SMBIOS.</summary>
public sealed class DmidecodeParserTests
{
    private const string Dell = "# dmidecode 3.3\nGetting SMBIOS data from sysfs.\nSMBIOS 3.2 present.\n" +
        "# SMBIOS implementations newer than version 3.2.0 are not\n# fully supported by this version of dmidecode.\n\n" +
        "Handle 0x0000, DMI type 0, 26 bytes\nBIOS Information\n\tVendor: Dell Inc.\n\tVersion: 2.12.2\n\tRelease Date: 07/09/2021\n" +
        "\tAddress: 0xF0000\n\tRuntime Size: 64 kB\n\tROM Size: 32 MB\n\tCharacteristics:\n\t\tISA is supported\n\t\tPCI is supported\n\tBIOS Revision: 2.12\n\n" +
        "Handle 0x0100, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Dell Inc.\n\tProduct Name: PowerEdge R740\n\tVersion: Not Specified\n" +
        "\tSerial Number: XXXXXXX\n\tUUID: 4c4c4544-0000-0000-0000-000000000000\n\tWake-up Type: Power Switch\n\tSKU Number: SKU=NotProvided;ModelName=PowerEdge R740\n\tFamily: PowerEdge\n\n" +
        "Handle 0x0200, DMI type 2, 8 bytes\nBase Board Information\n\tManufacturer: Dell Inc.\n\tProduct Name: 06WXJT\n\tVersion: A01\n\tSerial Number: .XXXXXXX.CNFCP0000000.\n\n" +
        "Handle 0x0300, DMI type 3, 22 bytes\nChassis Information\n\tManufacturer: Dell Inc.\n\tType: Rack Mount Chassis\n";

    [Fact]
    public void A_dell_server_table()
    {
        var table = DmidecodeParser.Parse(Dell);

        Assert.Null(table.Failure);
        Assert.Equal([0, 1, 2, 3], table.Sections.Select(s => s.Type));
        Assert.Equal("2.12.2", table.First(0)!.Values["Version"]);
        Assert.Equal("07/09/2021", table.First(0)!.Values["Release Date"]);
        Assert.Equal("System Information", table.First(1)!.Title);
        Assert.Equal("PowerEdge R740", table.First(1)!.Values["Product Name"]);
        Assert.Equal("06WXJT", table.First(2)!.Values["Product Name"]);
        Assert.Equal("", table.First(0)!.Values["Characteristics"]);
        Assert.False(table.First(0)!.Values.ContainsKey("ISA is supported"));
    }

    [Fact]
    public void Without_dev_mem_the_error_is_the_failure()
    {
        // What dmidecode 3.4 prints in a container (this machine's sosreport has it).
        var table = DmidecodeParser.Parse("# dmidecode 3.4\nScanning /dev/mem for entry point.\n/dev/mem: No such file or directory\n");

        Assert.Empty(table.Sections);
        Assert.Equal("/dev/mem: No such file or directory", table.Failure);
    }

    [Fact]
    public void Without_smbios_the_comment_is_the_failure()
    {
        var table = DmidecodeParser.Parse("# dmidecode 3.4\n# No SMBIOS nor DMI entry point found, sorry.\n");

        Assert.Equal("No SMBIOS nor DMI entry point found, sorry.", table.Failure);
    }

    [Theory]
    [InlineData("Not Specified", true)]
    [InlineData("<BAD INDEX>", true)]
    [InlineData("To Be Filled By O.E.M.", false)]
    public void Placeholders_dmidecode_prints_are_no_value(string value, bool placeholder) =>
        Assert.Equal(placeholder, DmidecodeParser.IsPlaceholder(value));
}
