/* vg_lang_words.c: function-word counts for vg_lang's tie-break (see vg_lang_words.h).
 *
 * For: the most frequent short grammatical words of the 24 EU languages, lower case. The lists
 * overlap on purpose (Romance "de", Slavic "na"): only the words that belong to exactly one of
 * the compared candidates count. Not for: stop-word removal in the index (vigie keeps stop words). */
#include "vg_lang_words.h"

#include <string.h>

#include <utf8proc.h>

#define VG__LANG_WORD_MAX 32

static const struct {
  const char *iso;
  const char *const words[40];
} s_lists[] = {
    {"bg", {"и", "на", "за", "от", "в", "да", "се", "по", "с", "е", "които", "като", "са", "не",
            "или", "към", "при", "този", "това", "чрез", "до", "ще", "след", "със", NULL}},
    {"cs", {"a", "je", "se", "na", "v", "ve", "z", "do", "jsou", "pro", "které", "který", "nebo",
            "jako", "že", "také", "být", "podle", "této", "tak", "o", "k", "po", "by", "ale",
            "pokud", "při", NULL}},
    {"da", {"og", "i", "af", "til", "at", "er", "for", "med", "den", "det", "som", "på", "ikke",
            "eller", "skal", "efter", "en", "et", "de", "fra", "ved", "har", "kan", "sig",
            "være", "om", NULL}},
    {"de", {"der", "die", "das", "und", "zu", "von", "mit", "den", "des", "ist", "für", "im",
            "auf", "nicht", "werden", "oder", "dem", "ein", "eine", "sind", "wird", "bei",
            "auch", "als", "nach", "aus", "zur", "zum", "sich", NULL}},
    {"el", {"και", "το", "της", "του", "των", "για", "να", "με", "από", "στο", "στην", "η", "ο",
            "σε", "τη", "την", "τα", "οι", "που", "ή", "στα", "στον", "ως", "κατά", "τις", "τον",
            NULL}},
    {"en", {"the", "of", "and", "to", "in", "is", "for", "with", "by", "shall", "be", "or",
            "that", "on", "are", "this", "which", "any", "will", "from", "a", "an", "as", "it",
            "not", "such", "at", "been", "under", NULL}},
    {"es", {"de", "la", "el", "los", "las", "y", "en", "que", "del", "por", "para", "con", "se",
            "una", "su", "al", "sus", "o", "lo", "como", "será", "a", "no", "es", "un", "más",
            "si", "sin", "sobre", "entre", "le", "les", "ha", NULL}},
    {"et", {"ja", "on", "ei", "et", "see", "või", "kui", "mis", "ka", "oma", "selle", "kes",
            "tuleb", "peab", "ning", "kõik", "poolt", "vastavalt", "nii", "siis", NULL}},
    {"fi", {"ja", "on", "ei", "että", "tai", "se", "jos", "kun", "ovat", "sekä", "tämä", "myös",
            "mukaan", "joka", "jotka", "kanssa", "tulee", "voi", "ole", "sen", "niin", "kuin",
            NULL}},
    {"fr", {"de", "la", "le", "les", "des", "et", "du", "en", "est", "pour", "que", "dans",
            "par", "une", "au", "aux", "sur", "qui", "ou", "sont", "être", "ne", "a", "à", "il",
            "ce", "se", "pas", "ses", "son", "avec", "plus", "ces", "leur", "ainsi", "si", NULL}},
    {"ga", {"an", "na", "agus", "ar", "le", "is", "ag", "go", "don", "ó", "chun", "faoi", "atá",
            "nó", "mar", "leis", "sa", "den", "a", "i", "sé", "sí", "aon", NULL}},
    {"hr", {"i", "je", "u", "se", "na", "za", "od", "da", "su", "koje", "koji", "ili", "s",
            "što", "kao", "te", "iz", "nije", "biti", "prema", "a", "o", "po", "do", "će", "bi",
            "ako", "sve", "to", "sa", "pa", NULL}},
    {"hu", {"a", "az", "és", "hogy", "nem", "is", "egy", "meg", "vagy", "kell", "csak",
            "szerint", "által", "mint", "valamint", "esetén", "amely", "ha", "ez", "azt", "után",
            "alatt", "lesz", NULL}},
    {"it", {"di", "il", "la", "della", "delle", "dei", "degli", "e", "che", "per", "con", "del",
            "nel", "gli", "sono", "dell", "alla", "ai", "un", "una", "nella", "essere", "a",
            "da", "in", "o", "se", "non", "anche", "si", "le", "lo", "al", "dal", "dalla", "sul",
            "sui", "ed", "è", NULL}},
    {"lt", {"ir", "yra", "kad", "su", "iš", "į", "ar", "bei", "per", "dėl", "kurie", "arba",
            "jų", "tai", "kaip", "pagal", "buvo", "būti", "o", "tik", "nuo", "iki", "tačiau",
            NULL}},
    {"lv", {"un", "ir", "ar", "par", "uz", "no", "kas", "vai", "lai", "tiek", "kā", "līdz",
            "pēc", "arī", "tā", "to", "var", "jābūt", "bet", "tas", "kuri", "šo", NULL}},
    {"mt", {"u", "ta", "li", "il", "fil", "għal", "minn", "ma", "huwa", "hija", "jew", "fuq",
            "bħala", "tal", "tat", "mill", "lill", "dan", "din", "jkun", "l", "f", "b", "jekk",
            "biex", "mhux", "kif", NULL}},
    {"nl", {"de", "het", "een", "en", "van", "te", "met", "voor", "op", "is", "niet", "zijn",
            "wordt", "aan", "of", "door", "die", "dat", "worden", "bij", "er", "als", "om",
            "ook", "naar", "uit", "zal", "kan", "deze", NULL}},
    {"pl", {"i", "w", "na", "z", "do", "się", "nie", "że", "od", "oraz", "lub", "jest", "dla",
            "przez", "po", "który", "które", "są", "być", "ze", "a", "o", "to", "jak", "może",
            "tym", "tego", "przy", NULL}},
    {"pt", {"de", "da", "do", "dos", "das", "e", "em", "que", "para", "com", "não", "uma", "ao",
            "os", "pela", "pelo", "no", "na", "ou", "ser", "às", "a", "o", "as", "se", "um",
            "por", "mais", "sua", "seu", "nos", "nas", NULL}},
    {"ro", {"de", "și", "şi", "în", "la", "cu", "pentru", "din", "care", "este", "sau", "să",
            "pe", "al", "unei", "sunt", "fi", "ale", "prin", "unui", "privind", "a", "o", "un",
            "se", "nu", "ca", "mai", "acest", "această", "sa", "lor", "fost", NULL}},
    {"sk", {"a", "je", "sa", "na", "v", "vo", "z", "do", "sú", "pre", "ktoré", "ktorý", "alebo",
            "ako", "že", "aj", "byť", "podľa", "tejto", "tak", "o", "k", "po", "by", "ale", "ak",
            "pri", NULL}},
    {"sl", {"in", "je", "v", "se", "na", "za", "od", "da", "so", "ki", "ali", "z", "s", "kot",
            "pri", "tudi", "bo", "ter", "lahko", "skladu", "o", "po", "do", "bi", "če", "pa",
            "to", "tega", NULL}},
    {"sv", {"och", "i", "av", "till", "att", "är", "för", "med", "den", "det", "som", "på",
            "inte", "eller", "ska", "efter", "en", "ett", "de", "från", "vid", "har", "kan",
            "sig", "vara", "om", "också", NULL}},
};

/* Letters that one language of a confusable pair or group writes and the others do not. */
static const struct {
  const char *iso;
  const char *letters;
} s_markers[] = {{"cs", "řůě"},        {"sk", "äľĺŕô"},  {"hr", "ćđ"},      {"lt", "ąęėįų"},
                 {"lv", "āēīļņķģ"},    {"ro", "ăâîșşțţ"}, {"pt", "ãõ"},      {"es", "ñ"},
                 {"da", "æø"},         {"sv", "äö"},     {"de", "ßü"},      {"hu", "őű"},
                 {"pl", "łśźżń"},      {"fr", "œ"},      {"et", "õäöü"},    {"fi", "äö"},
                 {"mt", "ħġċż"}};

static const char *s_marker_letters(const char *iso) {
  for (size_t i = 0; i < sizeof s_markers / sizeof s_markers[0]; i++)
    if (strcmp(s_markers[i].iso, iso) == 0) return s_markers[i].letters;
  return NULL;
}

/* Counts a marker letter (UTF-8, NUL-terminated) for the candidate that alone writes it. */
static void s_score_letter(const char *ch, const char *const *markers, int n, int *hits) {
  int only = -1;
  for (int i = 0; i < n; i++) {
    if (!markers[i] || !strstr(markers[i], ch)) continue;
    if (only >= 0) return;
    only = i;
  }
  if (only >= 0 && hits[only] >= 0) hits[only]++;
}

static int s_find(const char *iso) {
  for (int i = 0; i < (int)(sizeof s_lists / sizeof s_lists[0]); i++)
    if (strcmp(s_lists[i].iso, iso) == 0) return i;
  return -1;
}

static int s_has(int list, const char *word) {
  for (const char *const *w = s_lists[list].words; *w; w++)
    if (strcmp(*w, word) == 0) return 1;
  return 0;
}

static int s_is_word_char(utf8proc_int32_t cp) {
  utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC;
}

/* Counts word[0,wl) for the candidate whose list alone holds it. */
static void s_score(const char *word, const int *lists, int n, int *hits) {
  int only = -1;
  for (int i = 0; i < n; i++) {
    if (lists[i] < 0 || !s_has(lists[i], word)) continue;
    if (only >= 0) return; /* shared by two candidates: tells nothing */
    only = i;
  }
  if (only >= 0) hits[only]++;
}

void vg__lang_words_count(const char *text, size_t len, const char *const *isos, int n,
                          int *hits) {
  int lists[VG__LANG_WORDS_MAXN];
  const char *markers[VG__LANG_WORDS_MAXN];
  if (n > VG__LANG_WORDS_MAXN) n = VG__LANG_WORDS_MAXN;
  for (int i = 0; i < n; i++) {
    lists[i] = s_find(isos[i]);
    markers[i] = s_marker_letters(isos[i]);
    hits[i] = lists[i] < 0 ? -1 : 0;
  }
  char word[VG__LANG_WORD_MAX];
  size_t wl = 0;
  int overlong = 0;
  size_t end = len < VG__LANG_WORDS_SPAN ? len : VG__LANG_WORDS_SPAN;
  size_t i = 0;
  while (i <= end) {
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t k = 1;
    if (i < end) {
      k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
      if (k <= 0) break; /* caller validated the text; stop rather than guess */
    }
    if (i < end && s_is_word_char(cp)) {
      utf8proc_uint8_t enc[4] = {0};
      utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_tolower(cp), enc);
      if (el > 1) {
        char ch[5] = {0};
        memcpy(ch, enc, (size_t)el);
        s_score_letter(ch, markers, n, hits);
      }
      if (!overlong && el > 0 && wl + (size_t)el < sizeof word) {
        memcpy(word + wl, enc, (size_t)el);
        wl += (size_t)el;
      } else {
        overlong = 1;
      }
    } else if (wl > 0 || overlong) {
      word[wl] = '\0';
      if (!overlong) s_score(word, lists, n, hits);
      wl = 0;
      overlong = 0;
    }
    i += (size_t)k;
  }
}
