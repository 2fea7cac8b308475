using System.Text;
using CsvHelper;

namespace Recall.Api.Patients.Import;

/// <summary>
/// An uploaded CSV, kept in a temporary file (deleted when disposed) so that it is read twice: once
/// as a whole, to refuse a file that cannot be read before anything of it is imported, and once to
/// import it. CsvHelper reads it the way spreadsheets write CSV: a quote opens a quoted field only
/// at the start of a cell (elsewhere it is data), the separator is detected (, ; tab |, or Excel's
/// <c>sep=</c> line), and every record knows the line it starts on.
/// </summary>
public sealed class ImportFile : IAsyncDisposable
{
    private readonly FileStream file;

    private ImportFile(FileStream file, Encoding encoding)
    {
        this.file = file;
        Encoding = encoding;
    }

    public Encoding Encoding { get; }

    /// <summary>
    /// Saves the upload and settles its encoding: the one named (utf-8, windows-1250, windows-1252),
    /// or the detected one. Null with a reason when the file is not in the encoding named.
    /// </summary>
    public static async Task<(ImportFile? File, string? Problem)> SaveAsync(Stream body, string? encodingName, string? country, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"recall-import-{Guid.NewGuid():N}.csv");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await body.CopyToAsync(file, cancellationToken);
            if (encodingName is null)
            {
                return (new ImportFile(file, await CsvEncodings.DetectAsync(file, country, cancellationToken)), null);
            }

            var named = CsvEncodings.ByName(encodingName)!;
            if (!await CsvEncodings.IsValidAsync(file, named, cancellationToken))
            {
                await file.DisposeAsync();
                return (null, "The file is not UTF-8 (a spreadsheet saved it in a Windows code page): import it with encoding=windows-1250 (Polish, Czech) or windows-1252 (Swedish, German, English), or leave encoding out to detect it.");
            }

            return (new ImportFile(file, named), null);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>A reader from the start of the file. <paramref name="onMalformed"/> hears of each record with broken quoting.</summary>
    public CsvReader Open(Action<CsvMalformedRecord>? onMalformed = null)
    {
        file.Position = 0;
        var options = CsvReaderOptions.Default with
        {
            Encoding = Encoding.CodePage == Encoding.UTF8.CodePage ? null : Encoding, // Null: UTF-8, a byte order mark honoured.
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            OnMalformedRecord = onMalformed,
        };
        return CsvReader.Create(file, options, leaveOpen: true);
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();
}
