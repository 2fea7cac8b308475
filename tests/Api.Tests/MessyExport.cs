using System.Globalization;
using System.Text;

namespace Recall.Api.Tests;

/// <summary>
/// A Polish practice system's patient export as clinics hand it over: ';'-separated, Windows-1250,
/// CRLF, day-first dates, phone numbers in every form people type, nicknames in stray quotes, a
/// quoted name with the separator in it, unquoted lists of codes, blank lines, and some bad numbers.
/// </summary>
public sealed class MessyExport
{
    private static readonly string[] FirstNames = ["Zofia", "Łukasz", "Agnieszka", "Paweł", "Małgorzata", "Jędrzej", "Anna \"Ania", "Żaneta", "Grzegorz"];
    private static readonly string[] LastNames = ["Wójcik", "Kowalczyk", "Zieliński", "Szymańska", "Woźniak", "Dąbrowski", "Kozłowska", "Jankowski"];

    private readonly List<Patient> patients = [];

    private MessyExport(string text) => Text = text;

    public string Text { get; }

    public int Importable => patients.Count(p => !p.BadPhone || p.Email is not null);

    public int BadPhonesWithEmail => patients.Count(p => p.BadPhone && p.Email is not null);

    public sealed record Patient(string Id, string FirstName, string LastName, string? Phone, string? Email, bool BadPhone, DateOnly Born)
    {
        public string BornIso => Born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Importable patients spread over the file, with what the clinic expects to see stored.</summary>
    public IEnumerable<Patient> Sample(int count) =>
        patients.Where(p => !p.BadPhone).Where((_, i) => i % (patients.Count / count) == 0).Take(count);

    public static MessyExport Create(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("id;firstName;lastName;dateOfBirth;phone;email;lastVisitDate;lastVisitServiceCodes\r\n");
        var patients = new List<Patient>();
        for (var i = 0; i < rows; i++)
        {
            var national = 601_000_000 + i;
            var (written, stored, bad) = (i % 50) switch
            {
                0 => ("601 00", (string?)null, true),
                _ => (i % 5) switch
                {
                    0 => ($"{national / 1_000_000} {national / 1_000 % 1_000:D3} {national % 1_000:D3}", $"+48{national}", false),
                    1 => ($"+48 {national / 1_000_000}-{national / 1_000 % 1_000:D3}-{national % 1_000:D3}", $"+48{national}", false),
                    2 => ($"0048{national}", $"+48{national}", false),
                    3 => ($"(22) {i % 1000:D3}-{i % 100:D2}-{i % 100:D2}", $"+4822{i % 1000:D3}{i % 100:D2}{i % 100:D2}", false),
                    _ => ($"{national}", $"+48{national}", false),
                },
            };
            var email = i % 3 == 0 ? null : $"p{i}@example.pl";
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = i % 97 == 0 ? "Nowak; z d. Lis" : LastNames[random.Next(LastNames.Length)];
            var born = new DateOnly(1940, 1, 1).AddDays(random.Next(25_000));
            var visit = new DateOnly(2026, 1, 5).AddDays(random.Next(200));
            text.Append(CultureInfo.InvariantCulture, $"p{i:D5};{first};{(last.Contains(';', StringComparison.Ordinal) ? $"\"{last}\"" : last)};{born:dd.MM.yyyy};{written};{email};{visit:dd.MM.yyyy};D0120;D1110\r\n");
            if (i % 1_000 == 999)
            {
                text.Append("\r\n");
            }

            patients.Add(new Patient($"p{i:D5}", first, last, bad ? null : stored, email, bad, born));
        }

        var export = new MessyExport(text.ToString());
        export.patients.AddRange(patients);
        return export;
    }
}
