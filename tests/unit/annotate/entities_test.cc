// Tests of relgraph::annotate::EntityRecognizer: tables of news-like
// sentences (written for these tests, not taken from any article) with the
// mentions expected, as "surface/Type/canonical[role]" joined by "; ".

#include "src/annotate/entities.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "src/annotate/entities_lexicon.h"
#include "src/annotate/entities_tokens.h"
#include "src/annotate/gazetteer_text.h"
#include "src/annotate/quantities.h"
#include "src/base/json.h"
#include "tests/unit/annotate/entities_test_util.h"

namespace relgraph::annotate {
namespace {

using testing::Dump;
using testing::MakeSentence;
using testing::SetUpos;
using testing::TestOntology;
using testing::TestRecognizer;

struct Row {
  const char* sentence;
  const char* expected;
};

const EntityRecognizer& Ner() {
  std::string error;
  const EntityRecognizer* ner = TestRecognizer(&error);
  if (ner == nullptr) {
    ADD_FAILURE() << "the recogniser did not load: " << error;
    std::abort();
  }
  return *ner;
}

std::string Annotated(const char* sentence) {
  text::Sentence s = MakeSentence(sentence);
  Ner().Annotate(&s);
  return Dump(s, TestOntology());
}

void RunTable(const std::vector<Row>& rows) {
  for (const Row& r : rows) EXPECT_EQ(Annotated(r.sentence), r.expected) << r.sentence;
}

TEST(EntityRecognizerTest, LoadsTheShippedSchemas) {
  std::string error;
  ASSERT_NE(TestRecognizer(&error), nullptr) << error;
  EXPECT_GT(Ner().gazetteer().size(), 1000u);
  EXPECT_GT(Ner().lexicon().size(), 500u);
}

TEST(EntityRecognizerTest, GazetteerNamesAndDemonyms) {
  RunTable({
      {"Hamas and Hezbollah condemned the strike on Rafah.",
       "Hamas/ArmedGroup/Hamas; Hezbollah/ArmedGroup/Hezbollah; Rafah/City/Rafah"},
      {"The Houthis, officially known as Ansar Allah, attacked ships in the Red Sea.",
       "Houthis/ArmedGroup/Houthis; Ansar Allah/ArmedGroup/Houthis; Red Sea/Location/Red Sea"},
      {"ISIS, also called Daesh or ISIL, lost territory in Iraq and Syria.",
       "ISIS/ArmedGroup/Islamic State; Daesh/ArmedGroup/Islamic State; ISIL/ArmedGroup/Islamic State; "
       "Iraq/Country/Iraq; Syria/Country/Syria"},
      {"Afghan refugees crossed into Iran through Torkham.",
       "Afghan/Country/Afghanistan; Iran/Country/Iran; Torkham/Location/Torkham"},
      {"Yesterday, Pakistani Taliban fighters attacked a checkpoint in KP.",
       "Yesterday/Date/REF-1D; Pakistani Taliban/ArmedGroup/Tehreek-e-Taliban Pakistan; "
       "KP/Region/Khyber Pakhtunkhwa"},
      {"Pakistan's Foreign Office rejected the remarks made in New Delhi.",
       "Pakistan's Foreign Office/GovernmentBody/Ministry of Foreign Affairs (Pakistan); "
       "New Delhi/City/New Delhi"},
      {"The Pentagon and the Kremlin traded accusations.",
       "Pentagon/GovernmentBody/United States Department of Defense; Kremlin/GovernmentBody/Kremlin"},
      {"A turkey farm in Chad flooded.", "Chad/Country/Chad"},
      {"The WHO said it was working with us.", "WHO/InternationalOrganization/World Health Organization"},
      {"In May, voters in Georgia went to the polls.", "May/Date/XXXX-05; Georgia/Country/Georgia"},
      {"Sanctions on the Russian Federation were extended by the EU and the U.K.",
       "Russian Federation/Country/Russia; EU/InternationalOrganization/European Union; "
       "U.K./Country/United Kingdom"},
  });
}

TEST(EntityRecognizerTest, TitlesMarkPersonsAndRoles) {
  RunTable({
      {"Russian Foreign Minister Sergei Lavrov met Chinese officials in Beijing on Tuesday.",
       "Russian/Country/Russia; Foreign Minister/Role/Foreign Minister; "
       "Sergei Lavrov/Person/Sergei Lavrov[Foreign Minister]; Chinese/Country/China; "
       "Beijing/City/Beijing; Tuesday/Date/XXXX-WXX-2"},
      {"U.S. Secretary of State Antony Blinken arrived in Kabul late on Sunday.",
       "U.S./Country/United States; Secretary of State/Role/Secretary of State; "
       "Antony Blinken/Person/Antony Blinken[Secretary of State]; Kabul/City/Kabul; "
       "Sunday/Date/XXXX-WXX-7"},
      {"The spokesman declined to comment.", "spokesman/Role/Spokesman"},
      {"Gen. Asim Munir visited troops in North Waziristan.",
       "Gen./Role/General; Asim Munir/Person/Asim Munir[General]; North Waziristan/Region/North Waziristan"},
      {"Mr. Sharif told reporters that the 1990s were different.",
       "Sharif/Person/Sharif; 1990s/Date/1990s"},
      {"Vice President Kamala Harris spoke with President Volodymyr Zelensky about Crimea and the Donbas.",
       "Vice President/Role/Vice President; Kamala Harris/Person/Kamala Harris[Vice President]; "
       "President/Role/President; Volodymyr Zelensky/Person/Volodymyr Zelensky[President]; "
       "Crimea/Region/Crimea; Donbas/Region/Donbas"},
      {"Lt. Gen. Ahmed Sharif Chaudhry, the director general of ISPR, briefed the media.",
       "Lt. Gen./Role/Lieutenant General; Ahmed Sharif Chaudhry/Person/Ahmed Sharif Chaudhry[Lieutenant General]; "
       "director general/Role/Director General; ISPR/GovernmentBody/Inter-Services Public Relations"},
      // Chained titles; the organisations in a title stay their own mentions.
      {"Deputy Minister for Foreign Affairs of the EU Ambassador Lena Holt and "
       "UK Foreign Office Coordinator for Counter-terrorism Ambassador Tom Reeve met.",
       "Deputy Minister for Foreign Affairs/Role/Deputy Minister for Foreign Affairs; "
       "EU/InternationalOrganization/European Union; Ambassador/Role/Ambassador; "
       "Lena Holt/Person/Lena Holt[Deputy Minister for Foreign Affairs of the EU, Ambassador]; "
       "UK Foreign Office/GovernmentBody/Foreign, Commonwealth and Development Office; "
       "Coordinator for Counter-terrorism/Role/Coordinator for Counter-terrorism; Ambassador/Role/Ambassador; "
       "Tom Reeve/Person/Tom Reeve[Coordinator for Counter-terrorism, Ambassador]"},
      {"Foreign Office spokesperson Mumtaz Baloch said Kabul must act.",
       "Foreign Office/GovernmentBody/Foreign Office; spokesperson/Role/Spokesperson; "
       "Mumtaz Baloch/Person/Mumtaz Baloch[Spokesperson]; Kabul/City/Kabul"},
      {"The general public was not told.", ""},
      {"Under President Obama, the army chief said little.",
       "President/Role/President; Obama/Person/Obama[President]; army chief/Role/Army Chief"},
      {"The governor named the secretary of state and Mr. van Dijk, but not Bashar al-Assad.",
       "governor/Role/Governor; secretary of state/Role/Secretary of state; van Dijk/Person/van Dijk; "
       "Bashar al-Assad/Person/Bashar al-Assad"},
      {"According to Kern County District Attorney Maria Lopez, the driver fled.",
       "Kern County/Region/Kern County; District Attorney/Role/District Attorney; "
       "Maria Lopez/Person/Maria Lopez[District Attorney]"},
  });
}

TEST(EntityRecognizerTest, OrganisationKeywordsTypeUnknownNames) {
  RunTable({
      {"Officials from the Ministry of Foreign Affairs and the Indian Foreign Office met in Geneva.",
       "Ministry of Foreign Affairs/GovernmentBody/Ministry of Foreign Affairs; "
       "Indian Foreign Office/GovernmentBody/Foreign Office (India); Geneva/City/Geneva"},
      {"The Balochistan Liberation Army claimed the attack, which killed 14 soldiers.",
       "Balochistan Liberation Army/ArmedGroup/Balochistan Liberation Army; 14 soldiers/Quantity/14 soldiers"},
      {"The Sindh Liberation Front claimed responsibility.",
       "Sindh Liberation Front/ArmedGroup/Sindh Liberation Front"},
      {"Baloch militants blew up a gas pipeline.", "Baloch militants/ArmedGroup/Baloch militants"},
      {"The Pakistan Institute for Conflict and Security Studies published new data.",
       "Pakistan Institute for Conflict and Security Studies/Organization/"
       "Pakistan Institute for Conflict and Security Studies"},
      {"The Q2 2024 Pakistan Security Report was released by the Islamabad Policy Research Institute.",
       "Q2 2024 Pakistan Security Report/Document/Q2 2024 Pakistan Security Report; "
       "Islamabad Policy Research Institute/Organization/Islamabad Policy Research Institute"},
      {"Operation Azm-e-Istehkam was launched in June 2024.",
       "Operation Azm-e-Istehkam/Event/Operation Azm-e-Istehkam; June 2024/Date/2024-06"},
      {"The National Assembly passed the bill on Friday.",
       "National Assembly/GovernmentBody/National Assembly; Friday/Date/XXXX-WXX-5"},
      {"The Security Council adopted Resolution 2728 at the Doha Summit.",
       "Security Council/InternationalOrganization/United Nations Security Council; "
       "Resolution 2728/Document/Resolution 2728; Doha Summit/Event/Doha Summit"},
      {"Ferries crossed the English Channel from Dover to the Gulf of Mexico, near Victoria Park.",
       "English Channel/Location/English Channel; Dover/Thing/Dover; Gulf of Mexico/Location/Gulf of Mexico; "
       "Victoria Park/Location/Victoria Park"},
      {"The Civil Human Rights Front and the Al-Nusra Front marched.",
       "Civil Human Rights Front/Organization/Civil Human Rights Front; "
       "Al-Nusra Front/Organization/Al-Nusra Front"},
      {"Russia's Federal Security Service and the Investigative Committee opened a case.",
       "Russia/Country/Russia; Federal Security Service/GovernmentBody/Federal Security Service; "
       "Investigative Committee/GovernmentBody/Investigative Committee"},
  });
}

TEST(EntityRecognizerTest, DatesAreNormalisedAndNeverPartOfNames) {
  RunTable({
      {"The ceasefire began on Monday, March 4, 2024 and ended 15 April 2024.",
       "Monday, March 4, 2024/Date/2024-03-04; 15 April 2024/Date/2024-04-15"},
      {"Talks between Kabul and Islamabad resumed earlier this week.",
       "Kabul/City/Kabul; Islamabad/City/Islamabad; earlier this week/Date/REF+0W"},
      {"Exports rose in Q3 2023, in the second half of 2023 and again last month.",
       "Q3 2023/Date/2023-Q3; second half of 2023/Date/2023-H2; last month/Date/REF-1M"},
      {"Attacks rose in recent months and fell two weeks ago, officials said today.",
       "recent months/Date/PAST_REF; two weeks ago/Date/REF-2W; today/Date/REF+0D"},
      {"The plan was drafted in 2019 and revised in mid-2023 for FY2025.",
       "2019/Date/2019; mid-2023/Date/2023; FY2025/Date/FY2025"},
      {"April Ryan asked whether May would be busy.", "April Ryan/Thing/April Ryan"},
      {"Polls closed at 5 p.m. local time (2100 UTC) and results came at 11:30 a.m.",
       "5 p.m./Date/T17:00; 2100 UTC/Date/T21:00; 11:30 a.m./Date/T11:30"},
      {"Lion Air Flight 610 crashed on Route 2 after 12 minutes.",
       "Lion Air Flight 610/Thing/Lion Air Flight 610; Route 2/Thing/Route 2; 12 minutes/Quantity/12 minutes"},
      {"The NATO summit in Vilnius opened Tuesday morning.",
       "NATO/InternationalOrganization/North Atlantic Treaty Organization; Vilnius/City/Vilnius; "
       "Tuesday morning/Date/XXXX-WXX-2"},
      // A weekday with last/next/this takes the word in (it was left out).
      {"Envoys met last Tuesday and meet again next Monday morning, or this Friday.",
       "last Tuesday/Date/REF-1W-2; next Monday morning/Date/REF+1W-1; this Friday/Date/REF+0W-5"},
      // After "the", "last" is an ordinal: the weekday alone is the date.
      {"Voting ended on the last Tuesday of the month.", "Tuesday/Date/XXXX-WXX-2"},
      // early/late before last/next/this (it was left out); "start" and
      // "end" there are verbs, not positions.
      {"Growth slowed late last year and may recover early next year, officials said.",
       "late last year/Date/REF-1Y; early next year/Date/REF+1Y"},
      {"Talks start next week and end this month.", "next week/Date/REF+1W; this month/Date/REF+0M"},
  });
}

TEST(EntityRecognizerTest, QuantitiesKeepNumberAndUnit) {
  RunTable({
      {"Inflation fell to 11.8% in June, the State Bank of Pakistan said.",
       "11.8%/Quantity/11.8 %; June/Date/XXXX-06; State Bank of Pakistan/GovernmentBody/State Bank of Pakistan"},
      {"Nearly 1,200 people were displaced in Khyber Pakhtunkhwa, officials said.",
       "Nearly 1,200 people/Quantity/~1200 people; Khyber Pakhtunkhwa/Region/Khyber Pakhtunkhwa"},
      {"The World Bank approved a $500 million loan for Sri Lanka in 2023.",
       "World Bank/InternationalOrganization/World Bank; $500 million/Quantity/500000000 USD; "
       "Sri Lanka/Country/Sri Lanka; 2023/Date/2023"},
      {"As many as 2000 troops were deployed in 2000.",
       "As many as 2000 troops/Quantity/<=2000 troops; 2000/Date/2000"},
      {"Security forces killed two militants and wounded dozens of civilians.",
       "two militants/Quantity/2 militants; dozens of civilians/Quantity/>=24 civilians"},
      {"Both sides lost more than 30 percent of their fleet, and the two countries agreed.",
       "more than 30 percent/Quantity/>30 %"},
      {"Of the 90 deaths, 61 occurred in Balochistan.",
       "90 deaths/Quantity/90 deaths; 61/Quantity/61; Balochistan/Region/Balochistan"},
      {"The budget allocates Rs 50bn to defence.", "Rs 50bn/Quantity/50000000000 RUPEE"},
  });
}

TEST(EntityRecognizerTest, CapitalisedNamesNoListKnows) {
  RunTable({
      {"Karl Novak met Dorota Wisniewska in Warsaw.",
       "Karl Novak/Person/Karl Novak; Dorota Wisniewska/Thing/Dorota Wisniewska; Warsaw/City/Warsaw"},
      {"Responding to a question, the envoy said Hanseatic Logistics would comply.",
       "envoy/Role/Envoy; Hanseatic Logistics/Thing/Hanseatic Logistics"},
      {"However, Qilin stayed.", "Qilin/Thing/Qilin"},
      // Title-Case headline: without tags, no untyped names at all.
      {"Pakistan Army Kills Five Terrorists In North Waziristan Operation",
       "Pakistan Army/GovernmentBody/Pakistan Army; North Waziristan/Region/North Waziristan"},
  });
}

TEST(EntityRecognizerTest, UsesTagsWhereTheTaggerSetThem) {
  // Sentence-initial proper noun accepted, common noun in title case refused.
  text::Sentence s = MakeSentence("Novak said Security Matters less, the Senate agreed.");
  ASSERT_TRUE(SetUpos(&s, "PROPN VERB NOUN VERB ADV PUNCT DET PROPN VERB PUNCT"));
  Ner().Annotate(&s);
  EXPECT_EQ(Dump(s, TestOntology()), "Novak/Thing/Novak; Senate/GovernmentBody/Senate");
  text::Sentence untagged = MakeSentence("Novak said Security Matters less, the Senate agreed.");
  Ner().Annotate(&untagged);
  EXPECT_EQ(Dump(untagged, TestOntology()),
            "Security Matters/Thing/Security Matters; Senate/GovernmentBody/Senate");
}

TEST(EntityRecognizerTest, AcronymDefinitionsAndDocumentContext) {
  std::vector<text::Sentence> doc = {
      MakeSentence("Elena Varga spoke first."),
      MakeSentence("Ambassador Elena Varga arrived on Monday."),
      MakeSentence("The Pakistan Institute for Conflict and Security Studies (PICSS) published data."),
      MakeSentence("Varga said PICSS was right."),
  };
  Ner().AnnotateDocument(&doc);
  EXPECT_EQ(Dump(doc[0], TestOntology()), "Elena Varga/Person/Elena Varga");
  EXPECT_EQ(Dump(doc[1], TestOntology()),
            "Ambassador/Role/Ambassador; Elena Varga/Person/Elena Varga[Ambassador]; Monday/Date/XXXX-WXX-1");
  EXPECT_EQ(Dump(doc[2], TestOntology()),
            "Pakistan Institute for Conflict and Security Studies/Organization/"
            "Pakistan Institute for Conflict and Security Studies; "
            "PICSS/Organization/Pakistan Institute for Conflict and Security Studies");
  EXPECT_EQ(Dump(doc[3], TestOntology()),
            "Varga/Person/Elena Varga; PICSS/Organization/Pakistan Institute for Conflict and Security Studies");
  EXPECT_EQ(doc[3].mentions[0].source, "context:person");
  // A title or honorific with a surname takes the full name; another first
  // name with the same surname is someone else.
  std::vector<text::Sentence> doc2 = {
      MakeSentence("National Security Adviser Jake Sullivan spoke today."),
      MakeSentence("Mr. Sullivan thanked Erin Sullivan and Sullivan left."),
  };
  Ner().AnnotateDocument(&doc2);
  EXPECT_EQ(Dump(doc2[1], TestOntology()),
            "Sullivan/Person/Jake Sullivan; Erin Sullivan/Thing/Erin Sullivan; Sullivan/Person/Jake Sullivan");
  // Without the document, the same sentence knows neither.
  text::Sentence alone = MakeSentence("Varga said PICSS was right.");
  Ner().Annotate(&alone);
  EXPECT_EQ(Dump(alone, TestOntology()), "PICSS/Thing/PICSS");
}

// AnnotateDocument annotates again an earlier sentence when a later one
// teaches a name it holds: an untyped name ("Marek Hollan" as a Thing), or
// a capitalised word no mention covers ("Hollan" at the sentence start).
// A sentence the later ones teach nothing stays as it was.
TEST(EntityRecognizerTest, LaterSentencesTeachEarlierOnes) {
  std::vector<text::Sentence> doc = {
      MakeSentence("Hollan spoke first."),
      MakeSentence("They met Marek Hollan there."),
      MakeSentence("Nothing new was said."),
      MakeSentence("Ambassador Marek Hollan arrived on Monday."),
  };
  Ner().AnnotateDocument(&doc);
  EXPECT_EQ(Dump(doc[0], TestOntology()), "Hollan/Person/Marek Hollan");
  EXPECT_EQ(Dump(doc[1], TestOntology()), "Marek Hollan/Person/Marek Hollan");
  ASSERT_EQ(doc[1].mentions.size(), 1u);
  EXPECT_EQ(doc[1].mentions[0].source, "context:person");
  EXPECT_EQ(Dump(doc[2], TestOntology()), "");
  EXPECT_EQ(Dump(doc[3], TestOntology()),
            "Ambassador/Role/Ambassador; Marek Hollan/Person/Marek Hollan[Ambassador]; "
            "Monday/Date/XXXX-WXX-1");
  // Each sentence alone: nothing known.
  text::Sentence alone = MakeSentence("They met Marek Hollan there.");
  Ner().Annotate(&alone);
  EXPECT_EQ(Dump(alone, TestOntology()), "Marek Hollan/Thing/Marek Hollan");
}

TEST(EntityRecognizerTest, FillsTokenFieldsAndSources) {
  text::Sentence s = MakeSentence("US officials met Gen. Asim Munir on Wednesday.");
  Ner().Annotate(&s);
  ASSERT_EQ(s.mentions.size(), 4u);
  EXPECT_EQ(s.mentions[0].source, "gazetteer:countries");
  EXPECT_EQ(s.mentions[1].source, "rule:role");
  EXPECT_EQ(s.mentions[2].source, "rule:person.title");
  EXPECT_EQ(s.mentions[3].source, "rule:date");
  const Ontology& onto = TestOntology();
  EXPECT_EQ(s.tokens[0].ent_type, onto.EntityTypeIndex("Country"));
  EXPECT_EQ(s.tokens[0].ent_iob, text::Iob::kB);
  EXPECT_EQ(s.tokens[1].ent_type, 0);
  EXPECT_EQ(s.tokens[1].ent_iob, text::Iob::kO);
  EXPECT_EQ(s.tokens[4].ent_type, onto.EntityTypeIndex("Person"));
  EXPECT_EQ(s.tokens[4].ent_iob, text::Iob::kB);
  EXPECT_EQ(s.tokens[5].ent_iob, text::Iob::kI);
  // Mentions are sorted and do not overlap.
  for (size_t i = 1; i < s.mentions.size(); ++i) EXPECT_LE(s.mentions[i - 1].end, s.mentions[i].begin);
  // Annotating again replaces, never appends.
  Ner().Annotate(&s);
  EXPECT_EQ(s.mentions.size(), 4u);
}

TEST(EntityRecognizerTest, AnySentenceIsAccepted) {
  const char* odd[] = {"", "((((", "$ $ $ %", "the the the", "Q9 2024 FY", "May May May",
                       "U.S.-led", "\xFF\xFE broken", "1,2,3,4,5,6,7,8,9,0"};
  for (const char* t : odd) {
    text::Sentence s = MakeSentence(t);
    Ner().Annotate(&s);
    for (size_t i = 1; i < s.mentions.size(); ++i) EXPECT_LE(s.mentions[i - 1].end, s.mentions[i].begin) << t;
    for (const text::Mention& m : s.mentions) EXPECT_LE(m.end, s.tokens.size()) << t;
  }
  text::Sentence empty;
  Ner().Annotate(&empty);
  EXPECT_TRUE(empty.mentions.empty());
}

struct LexiconCase {
  int file;          // which text is bad: 0 roles, 1 keywords, 2 dates, 3 quantities, 4 stop words
  std::string text;
  const char* where; // "file:line"
  const char* message;
};

TEST(EntityLexiconTest, MalformedLineNamesFileLineAndReason) {
  const std::string headers[] = {"word\tclass\tcanonical\tflags\n", "word\ttype\tflags\tnotes\n",
                                 "word\tclass\tvalue\n", "phrase\tclass\tvalue\n", "", ""};
  const std::vector<LexiconCase> cases = {
      {0, "# c\nword\tclass\tcanonical\tflags\nspox\thead|boss\t\t\n", "role_titles.tsv:3", "unknown class \"boss\""},
      {0, "word\tclass\tcanonical\tflags\ngen.\thead\tGeneral\tcaps\n", "role_titles.tsv:2", "unknown flag \"caps\""},
      {0, "word\tclass\n", "role_titles.tsv:1", "expected the header line"},
      {1, "word\ttype\tflags\tnotes\nministry\tMinistry\t\t\n", "entity_keywords.tsv:2", "unknown entity type"},
      {1, "word\ttype\tflags\tnotes\nfront\tArmedGroup\n", "entity_keywords.tsv:2", "expected 4 tab-separated columns, found 2"},
      {2, "word\tclass\tvalue\n\nmay\tmonth\t13\n", "date_words.tsv:3", "bad value \"13\" for class month"},
      {2, "word\tclass\tvalue\nsoon\tsometime\t1\n", "date_words.tsv:2", "unknown class"},
      {3, "phrase\tclass\tvalue\nscores\tvague\tmany\n", "quantity_words.tsv:2", "bad value \"many\""},
      {3, "phrase\tclass\tvalue\nat least\tcomparator\t=>\n", "quantity_words.tsv:2", "bad value \"=>\""},
      {4, "the\nno no\n", "entity_stopwords.txt:2", "one word a line"},
  };
  for (const LexiconCase& c : cases) {
    std::string texts[6];
    for (int k = 0; k < 6; ++k) texts[k] = headers[k];
    texts[c.file] = c.text;
    auto r = EntityLexicon::FromTexts(texts[0], texts[1], texts[2], texts[3], texts[4], texts[5],
                                      TestOntology());
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), StatusCode::kBadConfig);
    EXPECT_EQ(r.status().where().ToString(), c.where) << r.status().ToString();
    EXPECT_NE(r.status().message().find(c.message), std::string::npos) << r.status().ToString();
  }
  auto missing = EntityLexicon::Load("/nonexistent/lexicon", TestOntology());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(EntityRecognizerTest, RefusesAnOntologyWithoutItsTypes) {
  std::string schema;
  ASSERT_TRUE(ReadFileToString(std::string(RELGRAPH_SOURCE_DIR) + "/schemas/ontology.schema.json", &schema).ok());
  auto onto = Ontology::FromJson(
      R"({"base_iri": "https://example.org/", "entity_types": [{"id": "Thing"}, {"id": "Person", "parent": "Thing"}],
          "relations": []})",
      "tiny.json", schema);
  ASSERT_TRUE(onto.ok()) << onto.status().ToString();
  auto r = EntityRecognizer::Create(Gazetteer(), Ner().lexicon(), onto.value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kBadConfig);
  EXPECT_NE(r.status().message().find("\"Role\""), std::string::npos) << r.status().ToString();
}

TEST(QuantityTest, FormatAndParseRoundTrip) {
  const char* forms[] = {">=92 %", "432 fatalities", "<=245 incidents", "4250000000 USD", "281",
                         "~0.5 %", ">40 attacks"};
  for (const char* f : forms) {
    Quantity q;
    ASSERT_TRUE(ParseQuantity(f, &q)) << f;
    EXPECT_EQ(FormatQuantity(q), f);
  }
  Quantity q;
  ASSERT_TRUE(ParseQuantity(">=92 %", &q));
  EXPECT_EQ(q.comparator, ">=");
  EXPECT_EQ(q.value, 92);
  EXPECT_EQ(q.unit, "%");
  EXPECT_FALSE(ParseQuantity("=>5", &q));
  EXPECT_FALSE(ParseQuantity("five people", &q));
  EXPECT_FALSE(ParseQuantity("5 two words", &q));
}

// ParsePlainNumber computes numbers of up to 15 digits without strtod:
// the same double as strtod for every such number, and strtod still reads
// longer ones.
TEST(QuantityTest, PlainNumbersParseAsStrtodDoes) {
  std::vector<std::string> numbers = {"0", "7", "007", "92", "432", "1,000", "2024", "4.25", "0.5",
                                      "0.1", "0.3", ".5", "12.345", "3.14159265358979", "999999999999999",
                                      "99999999999999.9", "0.000000000000001", "9007199254740993",
                                      "123456789012345678", "1,234,567.891"};
  // Every decimal of up to 5 digits with a dot anywhere (or none).
  for (int v = 0; v < 100000; v += 37) {
    const std::string d = std::to_string(v);
    numbers.push_back(d);
    for (size_t dot = 1; dot < d.size(); ++dot) numbers.push_back(d.substr(0, dot) + "." + d.substr(dot));
  }
  for (const std::string& t : numbers) {
    std::string digits;
    for (char c : t) {
      if (c != ',') digits.push_back(c);
    }
    double got = -1;
    ASSERT_TRUE(ParsePlainNumber(t, &got)) << t;
    EXPECT_EQ(got, std::strtod(digits.c_str(), nullptr)) << t;
  }
  double v = 0;
  for (const char* bad : {"", "5.", "1990s", "Q1", "10:30", "92%", "1,,000", "1.2.3"}) {
    EXPECT_FALSE(ParsePlainNumber(bad, &v)) << bad;
  }
}

// The sentence view hashes each token as Gazetteer::HashToken does (its
// lexicon and gazetteer lookups depend on it), through a fast loop for
// plain ASCII and the full folding for the rest, and reuses its buffer.
TEST(SentenceViewTest, TokenHashesAndFlagsMatchTheGazetteerFolding) {
  const EntityRecognizer* r = TestRecognizer();
  ASSERT_NE(r, nullptr);
  struct TokenRow {
    const char* text;
    bool alpha, hyphen;
  };
  const std::vector<TokenRow> rows = {
      {"Pakistan", true, false}, {"US", true, false},         {"U.S.", true, false},
      {"Gen.", true, false},     {"Tehreek-e-Taliban", true, true}, {"2024", false, false},
      {"4.25", false, false},    {"\xC3\x89" "lys\xC3\xA9" "e", true, false},
      {"Xi\xE2\x80\x99s", true, false}, {"Al\xE2\x80\x91Qaeda", true, true},
      {"--", false, true},       {"ZARB-E-AZB", true, true},    {"@", false, false},
      // Lexicon words (stop words, titles) that may or may not start a
      // gazetteer name: the marked lexicon answers for them.
      {"the", true, false},      {"The", true, false},          {"of", true, false},
      {"Minister", true, false}, {"Saudi", true, false},        {"new", true, false},
      // Tokens of one byte: the marked lexicon's table answers for them.
      {",", false, false},       {".", false, false},           {"-", false, true},
      {"I", true, false},        {"a", true, false},            {"$", false, false},
      {"\xC3", true, false},
      // Longer tokens: case, hyphens, digits, symbols next to the letter
      // ranges, a dot that does not drop, a non-ASCII tail.
      {"Zanzibar", true, false}, {"ZANZIBARI", true, false},    {"x-1234567", true, true},
      {"12345678-", false, true}, {"Counterterrorism", true, false},
      {"Counter-Terrorism", true, true}, {"ABCDEFGHIJKLMNOP", true, false},
      {"@#$%^&*()_+=[]{}", false, false}, {"abc.def", true, false}, {"1234567\xC3\xA9", true, false},
      {"Zz`@[{", true, false},   {"Antidisestablishmentarianism", true, false},
  };
  // The recogniser marked its lexicon with its gazetteer (Create): a view
  // told so takes gaz_start of lexicon words from the lexicon's table, and
  // must agree with one that asks the gazetteer.
  for (const bool marked : {false, true}) {
    SentenceView view(r->lexicon(), &r->gazetteer(), 0, 0, 0, marked);
    for (int round = 0; round < 3; ++round) {
      std::vector<text::Token> tokens;
      for (const TokenRow& row : rows) {
        text::Token t;
        t.text = row.text;
        t.shape = text::ShapeOf(t.text);
        t.ent_type = 3;
        t.ent_iob = text::Iob::kI;
        tokens.push_back(std::move(t));
      }
      if (round == 1) tokens.resize(5);  // a shorter sentence after a longer one
      if (round == 2) {
        view.ResetClearingEntities(&tokens);
      } else {
        view.Reset(tokens);
      }
      ASSERT_EQ(view.size(), tokens.size());
      for (size_t i = 0; i < tokens.size(); ++i) {
        const uint64_t want = Gazetteer::HashToken(rows[i].text);
        EXPECT_EQ(view.f(i).hash, want) << rows[i].text;
        EXPECT_EQ(view.f(i).alpha, rows[i].alpha) << rows[i].text;
        EXPECT_EQ(view.f(i).hyphen, rows[i].hyphen) << rows[i].text;
        EXPECT_EQ(view.f(i).gaz_start, r->gazetteer().MayStartWith(want)) << rows[i].text;
        EXPECT_EQ(view.W(i), r->lexicon().Find(want)) << rows[i].text;
        uint64_t bits = 0;
        r->lexicon().Find(want, &bits);
        EXPECT_EQ(view.f(i).bits, bits) << rows[i].text;
        EXPECT_EQ(view.f(i).ascii_upper, rows[i].text[0] >= 'A' && rows[i].text[0] <= 'Z')
            << rows[i].text;
        EXPECT_EQ(view.f(i).covered, 0) << rows[i].text;
        view.mutable_f(i).covered = 1;
        // Only ResetClearingEntities touches the tokens.
        EXPECT_EQ(tokens[i].ent_type, round == 2 ? 0 : 3) << rows[i].text;
        EXPECT_EQ(tokens[i].ent_iob, round == 2 ? text::Iob::kO : text::Iob::kI) << rows[i].text;
      }
    }
  }
  // Some lexicon word of the rows starts a gazetteer name and some does
  // not, so both answers of the marked table were tested.
  int lexicon_starts = 0, lexicon_others = 0;
  for (const TokenRow& row : rows) {
    const uint64_t h = Gazetteer::HashToken(row.text);
    if (r->lexicon().Find(h) == nullptr) continue;
    ++(r->gazetteer().MayStartWith(h) ? lexicon_starts : lexicon_others);
  }
  EXPECT_GT(lexicon_starts, 0);
  EXPECT_GT(lexicon_others, 0);
  // "Pakistan" starts gazetteer names and "Gen." is a title word: the
  // flags above were not all false.
  EXPECT_TRUE(r->gazetteer().MayStartWith(Gazetteer::HashToken("Pakistan")));
  EXPECT_NE(r->lexicon().Find(Gazetteer::HashToken("Gen.")), nullptr);
}

// A token is "initial" at the sentence start (after leading punctuation)
// and after each token that opens a clause or a quote; not after other
// punctuation or words.
// A view remembers what short texts decide (hash, flags, lexicon entry,
// gazetteer start) across its sentences: over many sentences of words of 1
// to 20 bytes (more distinct texts than the memo has slots, so slots are
// overwritten), every token still gets what the gazetteer and lexicon say.
TEST(SentenceViewTest, RememberedWordsKeepTheirFeatures) {
  const EntityRecognizer* r = TestRecognizer();
  ASSERT_NE(r, nullptr);
  std::vector<std::string> words = {"the", "The", "THE", "US", "us", "U.S.", "Pakistan", "PAKISTAN",
                                    "pakistan", "12345678", "123456789", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "ABCDEFGHIJKLMNO", "abcdefghijklmno",
                                    "Gen.", "-", "--", "a-b", "Xi\xE2\x80\x99s", "\xC3\x89t\xC3\xA9",
                                    "of", "Minister", "Saudi", "Iran", "Iran's", "I", "a", ",", "."};
  for (int k = 0; k < 3000; ++k) {
    std::string w;
    int v = k * 7919 + 13;
    const int len = 1 + k % 20;
    for (int c = 0; c < len; ++c, v /= 3) {
      static const char kBytes[] = "aZk-.Q7e'x";
      w.push_back(kBytes[(v + c * 5) % 10]);
    }
    words.push_back(w);
  }
  for (const bool marked : {false, true}) {
    SentenceView view(r->lexicon(), &r->gazetteer(), 0, 0, 0, marked);
    for (int round = 0; round < 2; ++round) {
      for (size_t start = 0; start < words.size(); start += 17) {
        std::vector<text::Token> tokens;
        for (size_t k = start; k < words.size() && k < start + 17; ++k) {
          text::Token t;
          t.text = words[k];
          t.shape = text::ShapeOf(t.text);
          tokens.push_back(std::move(t));
        }
        view.Reset(tokens);
        // The capitalised tokens are listed, in order.
        std::vector<uint32_t> caps;
        for (size_t i = 0; i < tokens.size(); ++i) {
          if (view.f(i).cap) caps.push_back(static_cast<uint32_t>(i));
        }
        EXPECT_EQ(std::vector<uint32_t>(view.cap_index(), view.cap_index() + view.num_caps()), caps);
        for (size_t i = 0; i < tokens.size(); ++i) {
          const std::string& w = tokens[i].text;
          const uint64_t want = Gazetteer::HashToken(w);
          ASSERT_EQ(view.f(i).hash, want) << w;
          EXPECT_EQ(view.f(i).gaz_start, r->gazetteer().MayStartWith(want)) << w;
          uint64_t bits = 0;
          EXPECT_EQ(view.W(i), r->lexicon().Find(want, &bits)) << w;
          EXPECT_EQ(view.f(i).bits, bits) << w;
          bool letter = false, hyphen = false;
          gaztext::FoldBytes(w, true, [&](unsigned char c) {
            letter |= c >= 0x80 || (c >= 'a' && c <= 'z');
            hyphen |= c == '-';
          });
          EXPECT_EQ(view.f(i).alpha, letter) << w;
          EXPECT_EQ(view.f(i).hyphen, hyphen) << w;
        }
      }
    }
  }
}

// headline() is worked out when first asked after a reset: each sentence
// gets its own answer, whatever was asked of the one before.
TEST(SentenceViewTest, HeadlineIsDecidedPerSentence) {
  const EntityRecognizer* r = TestRecognizer();
  ASSERT_NE(r, nullptr);
  SentenceView view(r->lexicon(), &r->gazetteer(), 0, 0, 0, true);
  auto tokens_of = [](std::initializer_list<const char*> words) {
    std::vector<text::Token> tokens;
    for (const char* w : words) {
      text::Token t;
      t.text = w;
      t.shape = text::ShapeOf(t.text);
      tokens.push_back(std::move(t));
    }
    return tokens;
  };
  const std::vector<text::Token> title = tokens_of({"Army", "Chief", "Visits", "Kabul", "Again"});
  const std::vector<text::Token> plain = tokens_of({"The", "army", "chief", "visited", "Kabul", "."});
  const std::vector<text::Token> stops = tokens_of({"Talks", "With", "The", "Taliban", "In", "Doha"});
  view.Reset(title);
  EXPECT_TRUE(view.headline());
  EXPECT_TRUE(view.headline());
  view.Reset(plain);
  EXPECT_FALSE(view.headline());
  view.Reset(title);  // not asked: the next sentence still gets its own answer
  view.Reset(plain);
  EXPECT_FALSE(view.headline());
  view.Reset(stops);
  EXPECT_TRUE(view.headline());
  view.Reset(tokens_of({"Kabul", "talks"}));
  EXPECT_FALSE(view.headline());
}

TEST(SentenceViewTest, InitialAfterClauseOpeners) {
  const EntityRecognizer* r = TestRecognizer();
  ASSERT_NE(r, nullptr);
  const std::vector<std::string> openers = {
      ":", "\"", "\xE2\x80\x9C", "\xE2\x80\x98", "'", "`", "``", "\xE2\x80\x94", "\xE2\x80\x93",
      "-", "--", "\xE2\x80\xA2", "*", "?", "!", ".", "(", "["};
  const std::vector<std::string> others = {
      ",", ";", ")", "]", "''", "\xE2\x80\x9D", "\xE2\x80\x99", "---", "...", "Said", "a", "(a",
      "\xE2\x80\x9C\xE2\x80\x9C", "\xE2\x82\xAC", "\xE2\x80\x9C!", "%"};
  // With a marked lexicon, tokens of one byte take the answer from a table:
  // both views must agree, for every byte.
  for (const bool marked : {false, true}) {
    SentenceView view(r->lexicon(), &r->gazetteer(), 0, 0, 0, marked);
    auto initial_after = [&](const std::string& t) {
      std::vector<text::Token> tokens;
      for (const std::string& s : {std::string("Then"), t, std::string("Word")}) {
        text::Token tok;
        tok.text = s;
        tok.shape = text::ShapeOf(tok.text);
        tokens.push_back(std::move(tok));
      }
      view.Reset(tokens);
      EXPECT_TRUE(view.f(0).initial);
      return view.f(2).initial;
    };
    // Twice: the second time, tokens of 2 to 8 bytes come from the view's
    // memo of words met before.
    for (int round = 0; round < 2; ++round) {
      for (const std::string& t : openers) EXPECT_TRUE(initial_after(t)) << t << " marked " << marked;
      for (const std::string& t : others) EXPECT_FALSE(initial_after(t)) << t << " marked " << marked;
    }
    for (int c = 0; c < 256; ++c) {
      const std::string t(1, static_cast<char>(c));
      const bool opener =
          std::find(openers.begin(), openers.end(), t) != openers.end();
      EXPECT_EQ(initial_after(t), opener) << "byte " << c << " marked " << marked;
    }
  }
}

// FormatNumber prints integers without printf; the text must stay what
// "%.0f" gave, up to the largest integer it takes and for negative zero.
TEST(QuantityTest, FormatNumberPrintsIntegersAsPrintfDid) {
  const std::vector<std::pair<double, const char*>> rows = {
      {0, "0"},
      {-0.0, "-0"},
      {7, "7"},
      {-245, "-245"},
      {4250000000.0, "4250000000"},
      {999999999999999872.0, "999999999999999872"},
      {-999999999999999872.0, "-999999999999999872"},
      {1e18, "1000000000000000000"},
      {0.5, "0.5"},
      {4.25, "4.25"},
      {-0.125, "-0.125"},
  };
  for (const auto& [v, want] : rows) EXPECT_EQ(FormatNumber(v), want) << want;
}

TEST(EntityRecognizerTest, FormerBugs) {
  RunTable({
      // A weekday after a country is a date, not part of the name.
      {"The United States Wednesday reaffirmed its support for Pakistan.",
       "United States/Country/United States; Wednesday/Date/XXXX-WXX-3; Pakistan/Country/Pakistan"},
      // A report named with a date is one Document; the date is in its name.
      {"The Q1 2025 Security Review was issued in April this year.",
       "Q1 2025 Security Review/Document/Q1 2025 Security Review; April this year/Date/REF+0Y-04"},
      // "the" stays out of a name that also stands without it.
      {"the Pentagon said", "Pentagon/GovernmentBody/United States Department of Defense"},
      // A lower-case armed-group noun in a Title-Case run is not a head.
      {"Troops Kill Six Militants", ""},
      // A full stop after a title is not an abbreviation's dot.
      {"The army chief met the Prime Minister.",
       "army chief/Role/Army Chief; Prime Minister/Role/Prime Minister"},
      {"She met the President.", "President/Role/President"},
      {"He spoke to Gen. Munir.", "Gen./Role/General; Munir/Person/Munir[General]"},
      // Media and agency titles are roles, not the start of a name.
      {"ABC News Chief International Correspondent James Longman said little.",
       "ABC News/Organization/ABC News; Chief International Correspondent/Role/Chief International Correspondent; "
       "James Longman/Person/James Longman[Chief International Correspondent]"},
      {"USAID Administrator Samantha Power spoke.",
       "USAID/GovernmentBody/United States Agency for International Development; Administrator/Role/Administrator; "
       "Samantha Power/Person/Samantha Power[Administrator]"},
  });
}

}  // namespace
}  // namespace relgraph::annotate
