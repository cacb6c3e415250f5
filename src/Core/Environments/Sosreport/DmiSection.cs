namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>One structure of the DMI/SMBIOS table as dmidecode prints it.</summary>
/// <param name="Type">The DMI type (SMBIOS 3.x, section 7: 0 BIOS, 1 System, 2 Base Board).</param>
/// <param name="Title">dmidecode's title line ("System Information").</param>
/// <param name="Values">Its "Key: Value" lines (the first of each key).</param>
internal sealed record DmiSection(int Type, string Title, IReadOnlyDictionary<string, string> Values);
