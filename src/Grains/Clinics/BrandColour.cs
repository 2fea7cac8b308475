using System.Globalization;

namespace Recall.Grains.Clinics;

/// <summary>
/// The clinic's colour on its patients' pages: a hex colour (#12355b) that white text stays readable on,
/// a contrast of at least 4.5:1 (WCAG 2.2 AA), so no clinic can set a page patients cannot read.
/// </summary>
public static class BrandColour
{
    public const string Default = "#12355b";

    private const double MinimumContrast = 4.5;

    public static void Check(string? colour, Hosting.ValidationErrors errors)
    {
        if (colour is null)
        {
            return;
        }

        if (Luminance(colour) is not { } luminance)
        {
            errors.Add("brandColour", $"'{colour}' is not a colour written as #rrggbb, e.g. {Default}.");
        }
        else if (1.05 / (luminance + 0.05) < MinimumContrast)
        {
            errors.Add("brandColour", $"White text on {colour} would be hard to read (contrast {1.05 / (luminance + 0.05):0.0}:1, at least {MinimumContrast}:1 is needed): pick a darker colour.");
        }
    }

    /// <summary>WCAG's relative luminance of #rrggbb, or null when it is not one.</summary>
    public static double? Luminance(string colour)
    {
        if (colour is not ['#', _, _, _, _, _, _] || !int.TryParse(colour.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return null;
        }

        static double Channel(int value)
        {
            var c = value / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel((rgb >> 16) & 0xFF)) + (0.7152 * Channel((rgb >> 8) & 0xFF)) + (0.0722 * Channel(rgb & 0xFF));
    }
}
