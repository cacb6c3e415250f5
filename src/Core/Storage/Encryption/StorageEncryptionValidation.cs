using Crashdesk.Core.Options;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Storage.Encryption;

/// <summary>Checks the master keys at start, so a wrong key fails the start naming the setting, not the first upload.</summary>
internal sealed class StorageEncryptionValidation : IValidateOptions<StorageEncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageEncryptionOptions options)
    {
        try
        {
            _ = EnvelopeKeyring.From(options);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
