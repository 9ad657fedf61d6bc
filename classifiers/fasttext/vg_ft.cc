// vg_ft.cc: the fastText shim behind vg_ft.h (the only C++ of classifiers/).
// For: wrapping fasttext::FastText load/predict/train/quantize/save behind a C API with every
// exception caught at the boundary. Not for: text preparation (vg_textprep.c) or evaluation and
// model cards (classifiers/train).
#include "vg_ft.h"

#include <fasttext/args.h>
#include <fasttext/dictionary.h>
#include <fasttext/fasttext.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <ios>
#include <memory>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
#include "vg_textprep.h"
}

namespace {
const char kLabelPrefix[] = "__label__";
const int32_t kFileMagic = 793712314; // FASTTEXT_FILEFORMAT_MAGIC_INT32 (fasttext.cc, 0.9.2)
const int32_t kFileVersion = 12;      // FASTTEXT_VERSION (fasttext.cc, 0.9.2)
}

struct vg_ft {
  fasttext::FastText ft;
  std::vector<std::string> labels; // without prefix, dictionary order
  char name[VG_FT_NAME_MAX];
  char sha256[VG_SHA256_HEX];
};

static std::string s_strip_label(const std::string &l) {
  const size_t n = sizeof kLabelPrefix - 1;
  if (l.compare(0, n, kLabelPrefix) == 0) return l.substr(n);
  return l;
}

static void s_copy(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  if (n >= cap) n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

// Name = base name without directory and extension.
static void s_set_name_from_path(vg_ft_t *m, const char *path) {
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  std::string s(b);
  size_t dot = s.rfind('.');
  if (dot != std::string::npos && dot > 0) s.erase(dot);
  s_copy(m->name, sizeof m->name, s.c_str());
}

static void s_cache_labels(vg_ft_t *m) {
  auto dict = m->ft.getDictionary();
  m->labels.clear();
  for (int32_t i = 0; i < dict->nlabels(); i++) m->labels.push_back(s_strip_label(dict->getLabel(i)));
}

static int s_set(int *st, int code) {
  if (st) *st = code;
  return code;
}

extern "C" vg_ft_t *vg_ft_load(const char *path, int *st, vg_err_t *err) {
  s_set(st, VG_OK);
  if (path == NULL) {
    s_set(st, vg_err_set(err, VG_E_INPUT, "fasttext: NULL model path"));
    return NULL;
  }
  // fastText trusts the sizes it reads; refuse what is obviously not a model before it tries.
  struct stat sb;
  if (stat(path, &sb) != 0) {
    int e = errno;
    s_set(st, vg_err_set(err, e == ENOENT ? VG_E_NOTFOUND : VG_E_IO, "cannot open model '%s': %s",
                         path, strerror(e)));
    return NULL;
  }
  if (!S_ISREG(sb.st_mode) || (unsigned long long)sb.st_size > VG_FT_MAX_MODEL_SIZE) {
    s_set(st, vg_err_set(err, VG_E_INPUT, "cannot load model '%s': not a regular file or over %u bytes",
                         path, VG_FT_MAX_MODEL_SIZE));
    return NULL;
  }
  vg_ft_t *m = NULL;
  try {
    m = new vg_ft_t(); // value-initialised: zeroes FastText::version, read by loadModel(istream)
    // Not FastText::loadModel(path): on a truncated file its dictionary reader loops on
    // istream::get() == EOF, growing a string without bound. A stream that throws at EOF turns
    // every short read into an exception instead.
    std::ifstream in(path, std::ios::in | std::ios::binary);
    if (!in.is_open()) throw std::invalid_argument("cannot be opened");
    in.exceptions(std::ios::failbit | std::ios::badbit | std::ios::eofbit);
    int32_t magic = 0, version = 0;
    in.read(reinterpret_cast<char *>(&magic), sizeof magic);
    in.read(reinterpret_cast<char *>(&version), sizeof version);
    if (magic != kFileMagic || version != kFileVersion)
      throw std::invalid_argument("not a fastText 0.9.2 model file (bad magic or version)");
    m->ft.loadModel(in);
    if (m->ft.getArgs().model != fasttext::model_name::sup)
      throw std::invalid_argument("not a supervised model");
    s_cache_labels(m);
    if (m->labels.empty()) throw std::invalid_argument("model has no labels");
    s_set_name_from_path(m, path);
    if (vg_sha256_file_hex(path, m->sha256) != VG_OK) {
      s_set(st, vg_err_set(err, VG_E_IO, "cannot hash model '%s'", path));
      delete m;
      return NULL;
    }
    return m;
  } catch (const std::ios_base::failure &) {
    s_set(st, vg_err_set(err, VG_E_INPUT, "cannot load model '%s': truncated or corrupt file", path));
  } catch (const std::bad_alloc &) {
    s_set(st, vg_err_set(err, VG_E_INPUT, "cannot load model '%s': corrupt sizes (allocation failed)", path));
  } catch (const std::exception &e) {
    s_set(st, vg_err_set(err, VG_E_INPUT, "cannot load model '%s': %s", path, e.what()));
  } catch (...) {
    s_set(st, vg_err_set(err, VG_E_INTERNAL, "cannot load model '%s': unknown fastText error", path));
  }
  delete m;
  return NULL;
}

extern "C" void vg_ft_destroy(vg_ft_t **m) {
  if (m == NULL || *m == NULL) return;
  delete *m;
  *m = NULL;
}

extern "C" int vg_ft_predict_prepared(const vg_ft_t *m, const char *prepared, int k,
                                      vg_ft_pred_t *out, vg_err_t *err) {
  if (m == NULL || prepared == NULL || out == NULL || k < 1 || k > VG_FT_MAX_K)
    return vg_err_set(err, VG_E_INPUT, "fasttext: bad predict arguments");
  if (prepared[0] == '\0') return 0;
  if (strchr(prepared, '\n') != NULL)
    return vg_err_set(err, VG_E_INPUT, "fasttext: prepared text contains a newline");
  try {
    std::string line(prepared);
    line.push_back('\n');
    std::istringstream in(line);
    std::vector<std::pair<fasttext::real, std::string>> preds;
    m->ft.predictLine(in, preds, k, 0.0f);
    int n = 0;
    for (const auto &p : preds) {
      if (n >= k) break;
      s_copy(out[n].label, sizeof out[n].label, s_strip_label(p.second).c_str());
      out[n].prob = p.first;
      n++;
    }
    return n;
  } catch (const std::bad_alloc &) {
    return vg_err_set(err, VG_E_NOMEM, "fasttext: out of memory in predict");
  } catch (const std::exception &e) {
    return vg_err_set(err, VG_E_BACKEND, "fasttext: predict failed: %s", e.what());
  } catch (...) {
    return vg_err_set(err, VG_E_BACKEND, "fasttext: predict failed: unknown error");
  }
}

extern "C" int vg_ft_predict(const vg_ft_t *m, const char *text, size_t len, int k,
                             vg_ft_pred_t *out, vg_err_t *err) {
  if (m == NULL || out == NULL || k < 1 || k > VG_FT_MAX_K)
    return vg_err_set(err, VG_E_INPUT, "fasttext: bad predict arguments");
  char *prep = NULL;
  int rc = vg_textprep(text, len, &prep, NULL, err);
  if (rc != VG_OK) return rc;
  rc = vg_ft_predict_prepared(m, prep, k, out, err);
  free(prep);
  return rc;
}

extern "C" const char *vg_ft_sha256(const vg_ft_t *m) { return m ? m->sha256 : ""; }
extern "C" const char *vg_ft_name(const vg_ft_t *m) { return m ? m->name : ""; }
extern "C" int vg_ft_nlabels(const vg_ft_t *m) { return m ? (int)m->labels.size() : 0; }
extern "C" const char *vg_ft_label(const vg_ft_t *m, int i) {
  if (m == NULL || i < 0 || (size_t)i >= m->labels.size()) return NULL;
  return m->labels[(size_t)i].c_str();
}
extern "C" int vg_ft_is_quant(const vg_ft_t *m) {
  try {
    return m && m->ft.isQuant() ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

extern "C" void vg_ft_train_opts_default(vg_ft_train_opts_t *o) {
  o->input = NULL;
  o->lr = 0.5;
  o->dim = 50;
  o->epoch = 25;
  o->word_ngrams = 2;
  o->minn = 0;
  o->maxn = 0;
  o->bucket = 200000;
  o->min_count = 1;
  o->seed = 0;
  o->loss = VG_FT_LOSS_SOFTMAX;
}

extern "C" void vg_ft_quant_opts_default(vg_ft_quant_opts_t *q) {
  q->cutoff = 100000;
  q->dsub = 2;
  q->qnorm = 1;
  q->retrain = 0;
  q->epoch = 1;
  q->lr = 0.1;
}

// The equivalent of `fasttext supervised` defaults, set field by field (never parseArgs()).
static fasttext::Args s_sup_args(const vg_ft_train_opts_t *o) {
  fasttext::Args a;
  a.input = o->input;
  a.output = "";
  a.model = fasttext::model_name::sup;
  a.loss = o->loss == VG_FT_LOSS_OVA ? fasttext::loss_name::ova : fasttext::loss_name::softmax;
  a.lr = o->lr;
  a.lrUpdateRate = 100;
  a.dim = o->dim;
  a.ws = 5;
  a.epoch = o->epoch;
  a.minCount = o->min_count;
  a.minCountLabel = 0;
  a.neg = 5;
  a.wordNgrams = o->word_ngrams;
  a.minn = o->minn;
  a.maxn = o->maxn;
  a.bucket = (o->word_ngrams <= 1 && o->maxn == 0) ? 0 : o->bucket;
  a.thread = 1; // determinism: one thread, one RNG stream
  a.t = 1e-4;
  a.label = kLabelPrefix;
  a.verbose = 0;
  a.pretrainedVectors = "";
  a.saveOutput = false;
  a.seed = o->seed;
  a.qout = false;
  a.retrain = false;
  a.qnorm = false;
  a.cutoff = 0;
  a.dsub = 2;
  return a;
}

static int s_check_train_opts(const vg_ft_train_opts_t *o, vg_err_t *err) {
  if (o == NULL || o->input == NULL) return vg_err_set(err, VG_E_INPUT, "fasttext: no training input");
  if (o->dim < 1 || o->dim > 1000 || o->epoch < 1 || o->epoch > 1000 || o->lr <= 0.0 || o->lr > 10.0 ||
      o->word_ngrams < 1 || o->word_ngrams > 5 || o->minn < 0 || o->maxn < o->minn || o->maxn > 10 ||
      o->bucket < 0 || o->min_count < 1 || (o->loss != VG_FT_LOSS_SOFTMAX && o->loss != VG_FT_LOSS_OVA))
    return vg_err_set(err, VG_E_CONFIG, "fasttext: training options out of range");
  return VG_OK;
}

extern "C" vg_ft_t *vg_ft_train(const vg_ft_train_opts_t *o, const char *name, int *st,
                                vg_err_t *err) {
  s_set(st, VG_OK);
  int rc = s_check_train_opts(o, err);
  if (rc != VG_OK) {
    s_set(st, rc);
    return NULL;
  }
  vg_ft_t *m = NULL;
  try {
    m = new vg_ft_t();
    m->ft.train(s_sup_args(o));
    s_cache_labels(m);
    s_copy(m->name, sizeof m->name, name ? name : "");
    m->sha256[0] = '\0';
    return m;
  } catch (const std::bad_alloc &) {
    s_set(st, vg_err_set(err, VG_E_NOMEM, "fasttext: out of memory while training"));
  } catch (const std::exception &e) {
    s_set(st, vg_err_set(err, VG_E_INPUT, "fasttext: cannot train on '%s': %s", o->input, e.what()));
  } catch (...) {
    s_set(st, vg_err_set(err, VG_E_INTERNAL, "fasttext: cannot train on '%s': unknown error", o->input));
  }
  delete m;
  return NULL;
}

extern "C" int vg_ft_quantize(vg_ft_t *m, const vg_ft_quant_opts_t *q, const vg_ft_train_opts_t *train,
                              vg_err_t *err) {
  if (m == NULL || q == NULL || q->cutoff < 0 || q->dsub < 1 || q->epoch < 1 || q->lr <= 0.0)
    return vg_err_set(err, VG_E_INPUT, "fasttext: bad quantize arguments");
  if (q->cutoff > 0 && q->cutoff < 256) // fastText's product quantizer needs >= 256 rows
    return vg_err_set(err, VG_E_CONFIG, "fasttext: quantize cutoff %d below 256", q->cutoff);
  if (q->retrain && (train == NULL || train->input == NULL))
    return vg_err_set(err, VG_E_INPUT, "fasttext: retraining needs the training input");
  try {
    fasttext::Args a = m->ft.getArgs();
    a.input = (q->retrain && train) ? train->input : "";
    a.output = "";
    a.cutoff = (size_t)q->cutoff;
    a.dsub = (size_t)q->dsub;
    a.qnorm = q->qnorm != 0;
    a.qout = false; // needs >= 256 labels
    a.retrain = q->retrain != 0;
    a.epoch = q->epoch;
    a.lr = q->lr;
    a.thread = 1;
    a.verbose = 0;
    m->ft.quantize(a);
    s_cache_labels(m);
    m->sha256[0] = '\0';
    return VG_OK;
  } catch (const std::bad_alloc &) {
    return vg_err_set(err, VG_E_NOMEM, "fasttext: out of memory while quantizing");
  } catch (const std::exception &e) {
    return vg_err_set(err, VG_E_BACKEND, "fasttext: cannot quantize: %s", e.what());
  } catch (...) {
    return vg_err_set(err, VG_E_BACKEND, "fasttext: cannot quantize: unknown error");
  }
}

extern "C" int vg_ft_save(vg_ft_t *m, const char *path, vg_err_t *err) {
  if (m == NULL || path == NULL) return vg_err_set(err, VG_E_INPUT, "fasttext: bad save arguments");
  std::string tmp;
  try {
    // write beside the target and rename, so readers never see a half-written model
    tmp = std::string(path) + ".tmp";
    m->ft.saveModel(tmp);
  } catch (const std::exception &e) {
    remove(tmp.c_str());
    return vg_err_set(err, VG_E_IO, "cannot save model '%s': %s", path, e.what());
  } catch (...) {
    remove(tmp.c_str());
    return vg_err_set(err, VG_E_IO, "cannot save model '%s': unknown error", path);
  }
  if (rename(tmp.c_str(), path) != 0) {
    int e = errno;
    remove(tmp.c_str());
    return vg_err_set(err, VG_E_IO, "cannot save model '%s': %s", path, strerror(e));
  }
  if (vg_sha256_file_hex(path, m->sha256) != VG_OK)
    return vg_err_set(err, VG_E_IO, "cannot hash model '%s'", path);
  return VG_OK;
}
