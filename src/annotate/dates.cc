#include "src/annotate/dates.h"

#include <cstdio>
#include <string_view>

namespace relgraph::annotate {

namespace {

constexpr std::string_view kMonthNames[] = {"january", "february", "march",     "april",
                                            "may",     "june",     "july",      "august",
                                            "september", "october", "november", "december"};

bool AllDigits(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view t) {
  int v = 0;
  for (char c : t) v = v * 10 + (c - '0');
  return v;
}

// "15", "15th", "1st", "22nd", "3rd" -> 15, 15, 1, 22, 3; else 0.
int DayAt(const SentenceView& v, size_t i) {
  if (i >= v.size()) return 0;
  std::string_view t = v.text(i);
  size_t k = 0;
  while (k < t.size() && t[k] >= '0' && t[k] <= '9') ++k;
  if (k == 0 || k > 2) return 0;
  std::string_view suffix = t.substr(k);
  if (!(suffix.empty() || suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th")) {
    return 0;
  }
  const int d = ToInt(t.substr(0, k));
  return d >= 1 && d <= 31 ? d : 0;
}

int YearAt(const SentenceView& v, size_t i, int lo = 1000, int hi = 2199) {
  if (i >= v.size()) return 0;
  std::string_view t = v.text(i);
  if (t.size() != 4 || !AllDigits(t)) return 0;
  const int y = ToInt(t);
  return y >= lo && y <= hi ? y : 0;
}

// Months and weekdays count only capitalised; abbreviations need their dot
// or a capital.
int MonthAt(const SentenceView& v, size_t i) {
  if (!v.Has(i, kMonth) || !v.Cap(i)) return 0;
  return v.W(i)->month;
}

bool IsFullMonthName(const SentenceView& v, size_t i, int month) {
  return v.IsWord(i, kMonthNames[month - 1]);
}

// A month that is also a common word or name: alone it needs a cue.
bool AmbiguousMonth(const SentenceView& v, size_t i, int month) {
  if (v.text(i).find('.') != std::string_view::npos) return false;
  if (!IsFullMonthName(v, i, month)) return true;  // "Jan", "Aug" without dot
  return month == 3 || month == 4 || month == 5 || month == 6 || month == 8;
}

int WeekdayAt(const SentenceView& v, size_t i) {
  if (!v.Has(i, kWeekday) || !v.Cap(i)) return 0;
  return v.W(i)->weekday;
}

std::string Fmt(const char* fmt, int a, int b = 0, int c = 0) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), fmt, a, b, c);
  return buf;
}

std::string RefValue(int offset, char unit) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "REF%+d%c", offset, unit);
  return buf;
}

// A number of units: digits or a number word ("two", "three").
int CountAt(const SentenceView& v, size_t i) {
  if (i >= v.size()) return 0;
  std::string_view t = v.text(i);
  if (AllDigits(t) && t.size() <= 3) return ToInt(t);
  if (v.Has(i, kNumberWord)) return static_cast<int>(v.W(i)->number);
  if (v.IsWord(i, "a") || v.IsWord(i, "an")) return 1;
  return 0;
}

bool PrecededByCue(const SentenceView& v, size_t i) {
  if (i == 0) return false;
  if (v.Has(i - 1, kDateCue | kPosition)) return true;
  // "in early May": the cue may sit before a position word.
  return false;
}

class Matcher {
 public:
  Matcher(const SentenceView& v, size_t i) : v_(v), i_(i) {}

  void Consider(size_t end, std::string value) {
    if (end > best_end_) {
      best_end_ = end;
      best_value_ = std::move(value);
    }
  }

  // Month-led forms starting at j: "May 15, 2024", "May 15", "May 2024",
  // "April this year", "May" (with a cue before `cue_at`).
  void MonthForms(size_t j, bool cue) {
    const int m = MonthAt(v_, j);
    if (m == 0) return;
    size_t k = j + 1;
    if (int d = DayAt(v_, k); d != 0 && YearAt(v_, k) == 0) {
      size_t e = k + 1;
      size_t y_at = v_.Is(e, ",") ? e + 1 : e;
      if (int y = YearAt(v_, y_at); y != 0) {
        Consider(y_at + 1, Fmt("%04d-%02d-%02d", y, m, d));
      } else {
        Consider(e, Fmt("XXXX-%02d-%02d", m, d));
      }
      return;
    }
    size_t y_at = v_.Is(k, ",") ? k + 1 : k;
    if (int y = YearAt(v_, y_at); y != 0) {
      Consider(y_at + 1, Fmt("%04d-%02d", y, m));
      return;
    }
    if (v_.Has(k, kDeictic) && v_.Has(k + 1, kDateUnit) && v_.W(k + 1)->unit == 'Y') {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "REF%+dY-%02d", v_.W(k)->deictic, m);
      Consider(k + 2, buf);
      return;
    }
    if (cue || !AmbiguousMonth(v_, j, m)) Consider(j + 1, Fmt("XXXX-%02d", m));
  }

  // "15 May 2024", "15 May", "15th of May".
  void DayForms(size_t j) {
    const int d = DayAt(v_, j);
    if (d == 0) return;
    size_t k = j + 1;
    if (v_.IsWord(k, "of")) ++k;
    const int m = MonthAt(v_, k);
    if (m == 0) return;
    size_t y_at = v_.Is(k + 1, ",") ? k + 2 : k + 1;
    if (int y = YearAt(v_, y_at); y != 0) {
      Consider(y_at + 1, Fmt("%04d-%02d-%02d", y, m, d));
    } else {
      Consider(k + 1, Fmt("XXXX-%02d-%02d", m, d));
    }
  }

  // "Q1 2024", "Q1, 2024", "H2 2023", "FY2024", "FY24", "FY 2024".
  void CodeForms(size_t j) {
    std::string_view t = v_.text(j);
    if (t.size() == 2 && (t[0] == 'Q' || t[0] == 'H') && t[1] >= '1' &&
        t[1] <= (t[0] == 'Q' ? '4' : '2')) {
      const int n = t[1] - '0';
      size_t y_at = v_.Is(j + 1, ",") ? j + 2 : j + 1;
      const char kind = t[0];
      if (int y = YearAt(v_, y_at); y != 0) {
        char buf[24];
        std::snprintf(buf, sizeof(buf), "%04d-%c%d", y, kind, n);
        Consider(y_at + 1, buf);
      } else if (v_.Has(j + 1, kDeictic) && v_.Has(j + 2, kDateUnit) && v_.W(j + 2)->unit == 'Y') {
        char buf[32];
        std::snprintf(buf, sizeof(buf), "REF%+dY-%c%d", v_.W(j + 1)->deictic, kind, n);
        Consider(j + 3, buf);
      } else {
        char buf[24];
        std::snprintf(buf, sizeof(buf), "XXXX-%c%d", kind, n);
        Consider(j + 1, buf);
      }
      return;
    }
    if (t.size() >= 4 && t[0] == 'F' && t[1] == 'Y' && AllDigits(t.substr(2)) &&
        (t.size() == 4 || t.size() == 6)) {
      int y = ToInt(t.substr(2));
      if (t.size() == 4) y += 2000;
      Consider(j + 1, Fmt("FY%04d", y));
      return;
    }
    if (v_.Has(j, kFiscal)) {
      size_t k = j + 1;
      if (v_.IsWord(k, "year")) ++k;
      if (int y = YearAt(v_, k); y != 0) Consider(k + 1, Fmt("FY%04d", y));
    }
  }

  // "first quarter of 2024", "second half of 2023", "first quarter".
  void OrdinalForms(size_t j) {
    if (!v_.Has(j, kOrdinal)) return;
    const int n = v_.W(j)->ordinal;
    size_t k = j + 1;
    char kind = 0;
    if (v_.Has(k, kDateUnit) && v_.W(k)->unit == 'Q') {
      kind = 'Q';
    } else if (v_.Has(k, kHalf)) {
      kind = 'H';
      if (n > 2) return;
    } else {
      return;
    }
    size_t y_at = k + 1;
    if (v_.IsWord(y_at, "of") || v_.Is(y_at, ",")) ++y_at;
    char buf[32];
    if (int y = YearAt(v_, y_at); y != 0) {
      std::snprintf(buf, sizeof(buf), "%04d-%c%d", y, kind, n);
      Consider(y_at + 1, buf);
    } else if (v_.Has(y_at, kDeictic) && v_.Has(y_at + 1, kDateUnit) &&
               v_.W(y_at + 1)->unit == 'Y') {
      std::snprintf(buf, sizeof(buf), "REF%+dY-%c%d", v_.W(y_at)->deictic, kind, n);
      Consider(y_at + 2, buf);
    } else {
      std::snprintf(buf, sizeof(buf), "XXXX-%c%d", kind, n);
      Consider(k + 1, buf);
    }
  }

  // A year alone, a decade, "mid-2024", "2023-24".
  void YearForms(size_t j, bool cue) {
    std::string_view t = v_.text(j);
    if (int y = YearAt(v_, j, 1800, 2199); y != 0) {
      bool ok = cue || (j > 0 && MonthAt(v_, j - 1) != 0);
      if (!ok) {
        // "2000 troops": a lower-case content word after a bare number
        // makes it a quantity.
        const size_t k = j + 1;
        const bool content_after = k < v_.size() && v_.Lower(k) && !v_.Has(k, kStop | kDateCue);
        // "2100 UTC", "1500 GMT": a clock time, not a year.
        const bool clock = v_.Is(k, "UTC") || v_.Is(k, "GMT") || v_.IsWord(k, "hrs") || v_.IsWord(k, "hours");
        ok = !content_after && !clock;
      }
      if (ok) Consider(j + 1, Fmt("%04d", y));
      return;
    }
    // Decades: "1990s", "90s", "'90s".
    if (t.size() == 5 && AllDigits(t.substr(0, 4)) && t[4] == 's' && t[3] == '0') {
      Consider(j + 1, std::string(t));
      return;
    }
    if ((t.size() == 3 && AllDigits(t.substr(0, 2)) && t[2] == 's' && t[1] == '0') ||
        (t.size() == 4 && (t[0] == '\'' ) && AllDigits(t.substr(1, 2)) && t[3] == 's' && t[2] == '0')) {
      Consider(j + 1, std::string(t));
      return;
    }
    // "2023-24", "2023-2024".
    if ((t.size() == 7 || t.size() == 9) && t[4] == '-' && AllDigits(t.substr(0, 4)) &&
        AllDigits(t.substr(5))) {
      const int y = ToInt(t.substr(0, 4));
      if (y >= 1800 && y <= 2199) {
        const int y2 = t.size() == 7 ? y / 100 * 100 + ToInt(t.substr(5)) : ToInt(t.substr(5));
        if (y2 == y + 1) Consider(j + 1, Fmt("%04d/%04d", y, y2));
      }
      return;
    }
    // ISO dates: "2024-05-15".
    if (t.size() == 10 && t[4] == '-' && t[7] == '-' && AllDigits(t.substr(0, 4)) &&
        AllDigits(t.substr(5, 2)) && AllDigits(t.substr(8, 2))) {
      const int m = ToInt(t.substr(5, 2)), d = ToInt(t.substr(8, 2));
      if (m >= 1 && m <= 12 && d >= 1 && d <= 31) Consider(j + 1, std::string(t));
    }
  }

  // "mid-2024", "mid-May", "early-2023".
  void HyphenPositionForms(size_t j) {
    std::string_view t = v_.text(j);
    const size_t dash = t.find('-');
    if (dash == std::string_view::npos || dash == 0) return;
    std::string_view head = t.substr(0, dash), rest = t.substr(dash + 1);
    if (!(head == "mid" || head == "Mid" || head == "early" || head == "late")) return;
    if (rest.size() == 4 && AllDigits(rest)) {
      const int y = ToInt(rest);
      if (y >= 1800 && y <= 2199) Consider(j + 1, Fmt("%04d", y));
      return;
    }
    for (int m = 1; m <= 12; ++m) {
      std::string_view name = kMonthNames[m - 1];
      if (rest.size() == name.size() && (rest[0] == name[0] - 32) &&
          rest.substr(1) == name.substr(1)) {
        size_t y_at = j + 1;
        if (int y = YearAt(v_, y_at); y != 0) {
          Consider(y_at + 1, Fmt("%04d-%02d", y, m));
        } else {
          Consider(j + 1, Fmt("XXXX-%02d", m));
        }
      }
    }
  }

  // "5 p.m.", "11:00 a.m.", "9:30pm", "17:45 GMT": a time of day, as
  // THH:MM. A bare "10:30" is left alone (a score, a ratio, a verse).
  void TimeForms(size_t j) {
    std::string_view t = v_.text(j);
    // "2100 UTC": four-digit clock time before a time zone.
    if (t.size() == 4 && AllDigits(t) && (v_.Is(j + 1, "UTC") || v_.Is(j + 1, "GMT"))) {
      const int hh = ToInt(t.substr(0, 2)), mm = ToInt(t.substr(2));
      if (hh <= 23 && mm <= 59) Consider(j + 2, Fmt("T%02d:%02d", hh, mm));
      return;
    }
    int hour = -1, minute = 0;
    size_t k = 0;
    while (k < t.size() && k < 2 && t[k] >= '0' && t[k] <= '9') ++k;
    if (k == 0) return;
    hour = ToInt(t.substr(0, k));
    std::string_view rest = t.substr(k);
    if (!rest.empty() && rest[0] == ':') {
      if (rest.size() < 3 || !AllDigits(rest.substr(1, 2))) return;
      minute = ToInt(rest.substr(1, 2));
      rest = rest.substr(3);
    }
    auto meridiem = [](std::string_view m) -> int {
      if (m == "a.m." || m == "am" || m == "AM" || m == "a.m" || m == "A.M.") return 0;
      if (m == "p.m." || m == "pm" || m == "PM" || m == "p.m" || m == "P.M.") return 12;
      return -1;
    };
    size_t end = j + 1;
    int add = -1;
    if (!rest.empty()) {
      add = meridiem(rest);
      if (add < 0) return;
    } else if (j + 1 < v_.size()) {
      add = meridiem(v_.text(j + 1));
      if (add >= 0) {
        end = j + 2;
      } else if (t.find(':') != std::string_view::npos &&
                 (v_.Is(j + 1, "GMT") || v_.Is(j + 1, "UTC"))) {
        add = 0;
        end = j + 2;
        if (hour > 23) return;
        Consider(end, Fmt("T%02d:%02d", hour, minute));
        return;
      }
    }
    if (add < 0 || hour < 1 || hour > 12 || minute > 59) return;
    const int h24 = hour % 12 + add;
    if (end < v_.size() && (v_.Is(end, "GMT") || v_.Is(end, "UTC"))) ++end;
    Consider(end, Fmt("T%02d:%02d", h24, minute));
  }

  // today, yesterday, this week, last month, earlier this week, last night,
  // recent months, the past few years, two days ago.
  void RelativeForms(size_t j) {
    if (v_.Has(j, kDayWord)) {
      size_t e = j + 1;
      if (v_.Has(e, kDaypart)) ++e;
      Consider(e, RefValue(v_.W(j)->day_offset, 'D'));
    }
    // "earlier this week", "later this month", and of the other position
    // words only the adjectives ("early next year", "late last night"): "end",
    // "start" and "beginning" are verbs there ("talks start next week").
    size_t k = j;
    if (v_.Has(k, kPosition) && (v_.W(k)->position == 'E' || v_.W(k)->position == 'L' ||
                                  v_.IsWord(k, "early") || v_.IsWord(k, "late") || v_.IsWord(k, "mid"))) {
      ++k;
    }
    if (v_.Has(k, kDeictic)) {
      const int off = v_.W(k)->deictic;
      const size_t u = k + 1;
      const bool recent = v_.IsWord(k, "recent");
      if (!recent && v_.Has(u, kDateUnit) && !IsPlural(u)) {
        Consider(u + 1, RefValue(off, v_.W(u)->unit));
      } else if (int wd = WeekdayAt(v_, u); wd != 0 && !recent && k == j && !v_.IsWord(j - 1, "the")) {
        // "last Tuesday", "next Monday morning", "this Friday": the weekday
        // in the week before, after or of the document's date ("the last
        // Tuesday of May" is another matter: the weekday alone is dated).
        Consider(v_.Has(u + 1, kDaypart) ? u + 2 : u + 1, RefValue(off, 'W') + Fmt("-%d", wd));
      } else if (!recent && v_.Has(u, kDaypart)) {
        // "this morning", "last night"
        Consider(u + 1, RefValue(v_.IsWord(u, "night") && off < 0 ? -1 : 0, 'D'));
      } else if (k == j) {
        // "recent months", "past few years", "next two weeks", "coming days"
        size_t w = u;
        if (v_.IsWord(w, "few") || v_.IsWord(w, "several") || v_.IsWord(w, "couple")) {
          ++w;
          if (v_.IsWord(w, "of")) ++w;
        } else if (CountAt(v_, w) > 0 && !v_.IsWord(w, "a") && !v_.IsWord(w, "an")) {
          ++w;
        }
        if (v_.Has(w, kDateUnit) && IsPlural(w)) {
          Consider(w + 1, off < 0 ? "PAST_REF" : (off > 0 ? "FUTURE_REF" : "PRESENT_REF"));
        }
      }
    }
    // "two days ago", "a week ago"
    if (int n = CountAt(v_, j); n > 0 && v_.Has(j + 1, kDateUnit) && v_.Has(j + 2, kAgo)) {
      Consider(j + 3, RefValue(-n, v_.W(j + 1)->unit));
    }
  }

  bool IsPlural(size_t i) const {
    std::string_view t = v_.text(i);
    return !t.empty() && (t.back() == 's' || t.back() == 'S');
  }

  void Run() {
    const size_t j = i_;
    const bool cue = PrecededByCue(v_, j);
    if (int wd = WeekdayAt(v_, j); wd != 0) {
      size_t e = j + 1;
      std::string val = Fmt("XXXX-WXX-%d", wd);
      if (v_.Has(e, kDaypart)) ++e;
      Consider(e, val);
      size_t k = v_.Is(j + 1, ",") ? j + 2 : j + 1;
      Matcher inner(v_, k);
      inner.MonthForms(k, true);
      inner.DayForms(k);
      if (inner.best_end_ > 0) Consider(inner.best_end_, inner.best_value_);
    }
    MonthForms(j, cue);
    DayForms(j);
    CodeForms(j);
    OrdinalForms(j);
    YearForms(j, cue);
    TimeForms(j);
    HyphenPositionForms(j);
    RelativeForms(j);
    // "early May", "late 2023", "the end of 2023" (from "end").
    if (v_.Has(j, kPosition) && best_end_ == 0) {
      size_t k = j + 1;
      if (v_.IsWord(k, "of")) ++k;
      Matcher inner(v_, k);
      inner.MonthForms(k, true);
      if (int y = YearAt(v_, k, 1800, 2199); y != 0) inner.Consider(k + 1, Fmt("%04d", y));
      if (inner.best_end_ > 0 && (k == j + 1 || !v_.IsWord(j, "early"))) {
        Consider(inner.best_end_, inner.best_value_);
      }
    }
  }

  size_t best_end_ = 0;
  std::string best_value_;

 private:
  const SentenceView& v_;
  size_t i_;
};

}  // namespace

bool MatchDateAt(const SentenceView& v, size_t i, DateMatch* out) {
  if (i >= v.size()) return false;
  Matcher m(v, i);
  m.Run();
  if (m.best_end_ == 0) return false;
  out->end = static_cast<uint32_t>(m.best_end_);
  out->value = std::move(m.best_value_);
  return true;
}

}  // namespace relgraph::annotate
