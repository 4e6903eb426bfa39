using Ludmin.Application.Users.ImportUsers;

namespace Ludmin.Infrastructure.Storage.Importing;

/// <summary>The running counts of an import-users run.</summary>
internal sealed class ImportTally
{
    private readonly Dictionary<string, long> _invalidByCode = new(StringComparer.Ordinal);

    public long Done { get; private set; }

    public long Created { get; private set; }

    public long Existing { get; private set; }

    public IReadOnlyDictionary<string, long> InvalidByCode => _invalidByCode;

    public void Count(ImportUserResult result)
    {
        Done++;
        switch (result.Status)
        {
            case ImportUserResult.Created:
                Created++;
                break;
            case ImportUserResult.Exists:
                Existing++;
                break;
            default:
                var code = result.Code ?? JsonLinesImport.MalformedLine;
                _invalidByCode[code] = _invalidByCode.GetValueOrDefault(code) + 1;
                break;
        }
    }
}
