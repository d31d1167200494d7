using System.Globalization;

namespace Evalstore.Server.Demo;

/// <summary>One demo dataset item: the question, its reference answer, its topic, and the wrong answer a model is tempted by.</summary>
internal sealed record DemoQuestion(string Input, string Reference, string Topic, string Decoy);

/// <summary>
/// The demo dataset: 240 distinct questions in three topics (80 each), so every item has its own row digest and a
/// compare of two demo results matches all 240.
/// </summary>
internal static class DemoQuestions
{
    public const string Arithmetic = "arithmetic";
    public const string Geography = "geography";
    public const string Units = "units";

    // Capital and the answer a careless model gives instead (usually the largest city).
    private static readonly (string Country, string Capital, string Decoy)[] s_countries =
    [
        ("France", "Paris", "Lyon"), ("Spain", "Madrid", "Barcelona"), ("Italy", "Rome", "Milan"), ("Germany", "Berlin", "Munich"),
        ("Portugal", "Lisbon", "Porto"), ("Austria", "Vienna", "Salzburg"), ("Poland", "Warsaw", "Krakow"), ("Greece", "Athens", "Thessaloniki"),
        ("Ireland", "Dublin", "Cork"), ("Norway", "Oslo", "Bergen"), ("Finland", "Helsinki", "Turku"), ("Czechia", "Prague", "Brno"),
        ("Hungary", "Budapest", "Debrecen"), ("Canada", "Ottawa", "Toronto"), ("Australia", "Canberra", "Sydney"), ("Japan", "Tokyo", "Kyoto"),
        ("South Korea", "Seoul", "Busan"), ("Kenya", "Nairobi", "Mombasa"), ("Peru", "Lima", "Cusco"), ("Egypt", "Cairo", "Alexandria"),
        ("Sweden", "Stockholm", "Gothenburg"), ("Denmark", "Copenhagen", "Aarhus"), ("Belgium", "Brussels", "Antwerp"),
        ("Netherlands", "Amsterdam", "The Hague"), ("Switzerland", "Bern", "Zurich"), ("Romania", "Bucharest", "Cluj-Napoca"),
        ("Bulgaria", "Sofia", "Plovdiv"), ("Croatia", "Zagreb", "Split"), ("Serbia", "Belgrade", "Novi Sad"), ("Turkey", "Ankara", "Istanbul"),
        ("India", "New Delhi", "Mumbai"), ("Thailand", "Bangkok", "Chiang Mai"), ("Vietnam", "Hanoi", "Ho Chi Minh City"),
        ("Indonesia", "Jakarta", "Surabaya"), ("Argentina", "Buenos Aires", "Cordoba"), ("Chile", "Santiago", "Valparaiso"),
        ("Colombia", "Bogota", "Medellin"), ("Brazil", "Brasilia", "Rio de Janeiro"), ("Morocco", "Rabat", "Casablanca"),
        ("Nigeria", "Abuja", "Lagos"),
    ];

    public static IReadOnlyList<DemoQuestion> All()
    {
        var random = new Random(7);
        var sums = new HashSet<(int, int)>();
        var questions = new List<DemoQuestion>(240);
        for (var i = 0; i < 240; i++)
        {
            var n = i / 3;
            switch (i % 3)
            {
                case 0:
                    int a, b;
                    do
                    {
                        a = random.Next(12, 99);
                        b = random.Next(12, 99);
                    }
                    while (!sums.Add((a, b)));
                    questions.Add(new($"What is {a} + {b}?", Text(a + b), Arithmetic, Text(a + b + (random.Next(2) == 0 ? -10 : 10))));
                    break;
                case 1:
                    var (country, capital, decoy) = s_countries[n % s_countries.Length];
                    var input = n < s_countries.Length ? $"What is the capital of {country}?" : $"Which city is the seat of government of {country}?";
                    questions.Add(new(input, capital, Geography, decoy));
                    break;
                default:
                    var metres = n + 2;
                    // The decoy is a factor of ten off, and never contains the right answer as a substring.
                    questions.Add(new($"How many centimetres are in {metres} metres?", Text(metres * 100), Units, Text(metres * 10)));
                    break;
            }
        }
        return questions;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
