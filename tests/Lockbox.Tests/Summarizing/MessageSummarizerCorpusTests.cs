using Lockbox.Summarizing;

namespace Lockbox.Tests.Summarizing;

public sealed class MessageSummarizerCorpusTests
{
    public static TheoryData<string> Cases() => new(SummaryCorpus.Names());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Corpus_message_summarizes_as_expected(string name)
    {
        var eml = SummaryCorpus.Eml(name);

        var summary = MessageSummarizer.Summarize(
            SummaryCorpus.HeaderBlock(eml), SummaryCorpus.ReversePath(name));

        var actual = $"From: {summary.From}\nSubject: {summary.Subject}\n";
        var expected = SummaryCorpus.Expected(name);
        if (expected is null)
            SummaryCorpus.WriteActual(name, actual);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Corpus_summary_is_one_safe_line_without_the_marker(string name)
    {
        var eml = SummaryCorpus.Eml(name);

        var summary = MessageSummarizer.Summarize(eml, SummaryCorpus.ReversePath(name));

        foreach (var text in new[] { summary.From, summary.Subject })
        {
            Assert.DoesNotContain(SummaryCorpus.Marker, text, StringComparison.Ordinal);
            Assert.DoesNotContain(text.EnumerateRunes(), OneLine.MustEscape);
            Assert.InRange(text.Length, 1, 200);
        }
    }
}
