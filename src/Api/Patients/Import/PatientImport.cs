using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;

namespace Recall.Api.Patients.Import;

/// <summary>
/// Bulk import of patients from CSV (one row a patient, optionally with the last visit). Each row is
/// one grain turn: a valid row is created or updated with its due dates computed; a bad row writes
/// nothing and is listed with its line, field and reason. Re-importing a file changes nothing new.
/// </summary>
public static class PatientImport
{
    public static readonly string[] Columns =
    [
        "id", "firstName", "lastName", "dateOfBirth", "phone", "email", "preferredChannel", "language", "status",
        "responsiblePartyId", "responsiblePartyName", "responsiblePartyPhone", "responsiblePartyEmail",
        "lastVisitDate", "lastVisitServiceCodes",
    ];

    private static readonly string[] RequiredColumns = ["id", "firstName", "lastName"];

    private const int MaxListedErrors = 1_000;

    /// <summary>
    /// Rows whose turns run at once. Their commits share the SQLite writer's group transactions, and
    /// a bigger group writes each index page once for more rows (see docs/benchmarks.md, import).
    /// </summary>
    private const int RowsInFlight = 2_000;

    /// <summary>
    /// Imports a CSV export. <paramref name="encoding"/> names the file's encoding (utf-8,
    /// windows-1250, windows-1252) when detection should not decide. A file that cannot be read as a
    /// whole (a quote never closed, a header that is not ours, not the encoding named) is refused
    /// with the reason and nothing of it is imported.
    /// </summary>
    public static async Task<Results<Ok<ImportReport>, ValidationProblem>> ImportCsv(
        string clinicId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken, string? encoding = null)
    {
        if (encoding is not null && CsvEncodings.ByName(encoding) is null)
        {
            return Problem("encoding", $"'{encoding}' is not an encoding we read: {string.Join(", ", CsvEncodings.Names)}, or leave it out to detect it.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = 1L << 30; // A million patients is about 150 MB of CSV.
        }

        var clinic = await grains.GetGrain<IClinicGrain>(clinicId).GetRecallContextAsync();
        var (file, encodingProblem) = await ImportFile.SaveAsync(request.Body, encoding, clinic.Country, cancellationToken);
        if (file is null)
        {
            return Problem("encoding", encodingProblem!);
        }

        await using (file)
        {
            if (await CheckWholeAsync(file, cancellationToken) is { } problem)
            {
                return Problem(problem.Field, problem.Message);
            }

            using var csv = file.Open();
            await csv.ReadHeaderAsync(cancellationToken);
            var header = csv.Headers;
            var rows = new ImportRowReader(header, SuppliedFields(header), clinic.Country, ClinicCulture(clinic));
            var errors = new ConcurrentBag<ImportError>();
            var warnings = new ConcurrentBag<ImportError>();
            var progress = new Progress();
            await Parallel.ForEachAsync(
                ReadRowsAsync(csv, rows, errors, warnings, progress, cancellationToken),
                new ParallelOptions { MaxDegreeOfParallelism = RowsInFlight, CancellationToken = cancellationToken },
                async (row, _) =>
                {
                    if (await ImportRowAsync(clinicId, row, grains, errors))
                    {
                        Interlocked.Increment(ref progress.Imported);
                    }
                });
            return TypedResults.Ok(new ImportReport(progress.Rows, progress.Imported, progress.Rows - progress.Imported, errors.Count, Listed(errors),
                CsvEncodings.NameOf(file.Encoding), csv.Separator.ToString(), warnings.Count, Listed(warnings)));
        }
    }

    /// <summary>
    /// The first reading, before anything is imported: the header must be ours, and no quoted field
    /// may run unclosed to the end of the file (every row after it would vanish into one cell).
    /// </summary>
    private static async Task<(string Field, string Message)?> CheckWholeAsync(ImportFile file, CancellationToken cancellationToken)
    {
        long unclosedAt = 0;
        using var csv = file.Open(malformed =>
        {
            if (malformed.Reason == CsvMalformedReason.UnterminatedQuote && unclosedAt == 0)
            {
                unclosedAt = malformed.LineNumber;
            }
        });
        await csv.ReadHeaderAsync(cancellationToken);
        if (HeaderProblem(csv.Headers) is { } headerProblem)
        {
            return ("header", headerProblem);
        }

        while (await csv.ReadAsync(cancellationToken))
        {
        }

        return unclosedAt > 0
            ? ("file", $"A quoted field that starts on line {unclosedAt} is never closed, so every row after it would be read as one cell. Close the quote (or remove it) and import the file again; nothing was imported.")
            : null;
    }

    private static string? HeaderProblem(IReadOnlyList<string> header)
    {
        if (header.Count == 0)
        {
            return "The CSV is empty; the first line names the columns: " + string.Join(",", Columns) + ".";
        }

        var names = header.Select(h => h.Trim()).ToList();
        var unknown = names.Where(h => !Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        var missing = RequiredColumns.Where(c => !names.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count == 0 && missing.Count == 0)
        {
            return null;
        }

        return string.Join(" ", new[]
        {
            missing.Count > 0 ? $"Missing column(s): {string.Join(", ", missing)}." : "",
            unknown.Count > 0 ? $"Unknown column(s): {string.Join(", ", unknown)} (known: {string.Join(", ", Columns)})." : "",
        }).Trim();
    }

    /// <summary>The file's valid rows, in order; a bad or repeated row is listed in <paramref name="errors"/> instead.</summary>
    private static async IAsyncEnumerable<ImportRow> ReadRowsAsync(CsvReader csv, ImportRowReader rows, ConcurrentBag<ImportError> errors,
        ConcurrentBag<ImportError> warnings, Progress progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await csv.ReadAsync(cancellationToken))
        {
            progress.Rows++;
            var line = (int)csv.LineNumber;
            var cells = new string?[csv.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = csv.GetString(i);
            }

            if (rows.Read(cells, line, csv.Separator, errors, warnings) is not { } row)
            {
                continue;
            }

            if (!seen.TryAdd(row.Id, line))
            {
                errors.Add(new ImportError(line, row.Id, "id", $"The id '{row.Id}' already appears on line {seen[row.Id]}."));
                continue;
            }

            yield return row;
        }
    }

    /// <summary>Columns the file has are set (an empty cell clears); columns it lacks leave the stored values alone.</summary>
    private static PatientFields SuppliedFields(IReadOnlyList<string> header)
    {
        var supplied = PatientFields.None;
        foreach (var (column, field) in new (string, PatientFields)[]
        {
            ("dateOfBirth", PatientFields.DateOfBirth), ("phone", PatientFields.Phone), ("email", PatientFields.Email),
            ("preferredChannel", PatientFields.PreferredChannel), ("language", PatientFields.Language), ("status", PatientFields.Status),
            ("responsiblePartyId", PatientFields.ResponsibleParty),
        })
        {
            if (header.Any(h => h.Trim().Equals(column, StringComparison.OrdinalIgnoreCase)))
            {
                supplied |= field;
            }
        }

        return supplied;
    }

    /// <summary>The clinic's locale for dates: its first language in its country (pl-PL, sv-SE, en-GB), or the language alone.</summary>
    private static CultureInfo ClinicCulture(RecallContext clinic)
    {
        var language = clinic.Languages.Count > 0 ? clinic.Languages[0] : "en";
        foreach (var name in new[] { clinic.Country is null ? null : $"{language}-{clinic.Country}", language })
        {
            try
            {
                if (name is not null && CultureInfo.GetCultureInfo(name, predefinedOnly: true) is { } culture)
                {
                    return culture;
                }
            }
            catch (CultureNotFoundException)
            {
            }
        }

        return CultureInfo.InvariantCulture;
    }

    /// <summary>One row's turn; its failure is listed with the row, and the rows before and after stand.</summary>
    private static async Task<bool> ImportRowAsync(string clinicId, ImportRow row, IGrainFactory grains, ConcurrentBag<ImportError> errors)
    {
        try
        {
            await PatientsApi.Patient(grains, clinicId, row.Id).ImportAsync(row.Data, row.Visits, row.Supplied);
            return true;
        }
        catch (GrainValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                errors.Add(new ImportError(row.Line, row.Id, field, string.Join(" ", messages)));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Add(new ImportError(row.Line, row.Id, "row", $"The row could not be saved ({e.GetType().Name}); import it again."));
        }

        return false;
    }

    private static List<ImportError> Listed(IEnumerable<ImportError> problems) =>
        [.. problems.OrderBy(e => e.Line).ThenBy(e => e.Field, StringComparer.Ordinal).Take(MaxListedErrors)];

    private static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The CSV cannot be imported.");

    /// <summary>Counts shared by the reader (rows) and the turns (imported).</summary>
    private sealed class Progress
    {
        public int Rows;
        public int Imported;
    }
}

/// <summary>
/// What an import did. <see cref="Errors"/> lists at most 1,000 problems of rows not imported;
/// <see cref="ErrorCount"/> counts them all. <see cref="Warnings"/> are about rows imported without a
/// field (a bad phone beside a good email). <see cref="Encoding"/> and <see cref="Separator"/> say how
/// the file was read.
/// </summary>
public sealed record ImportReport(
    int Rows, int Imported, int Failed, int ErrorCount, IReadOnlyList<ImportError> Errors,
    string Encoding, string Separator, int WarningCount, IReadOnlyList<ImportError> Warnings);

/// <summary>One problem with one row: the CSV line (1 is the header), the patient id if readable, the field and why.</summary>
public sealed record ImportError(int Line, string? PatientId, string Field, string Message);
