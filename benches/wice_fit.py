"""Does a fitted combination of named features judge WiCE better than the hand-set score?

    cargo run --release --example wice -- ../shared/corpus/wice --features /tmp/wice.tsv
    python3 benches/wice_fit.py /tmp/wice.tsv [../shared/corpus/wice] [show]

For each set of features: a class-balanced, L2-regularised logistic regression, fitted on
k-1 folds of the development split and scored on the fold left out (k = 5, three shuffles),
so the AUROC and balanced accuracy printed are OUT OF FOLD: measured on claims the weights
were not fitted on. `show` also prints the weights fitted on all claims. Given the corpus
directory, two more features are tried: the claim's words weighted by how rare they are among
the article's sentences (IDF; a rough tokenizer, a six-letter prefix for a stem), the share of
that weight the article has, and the share its best sentence has. Plain Python (no
numpy): 349 rows and a dozen features need nothing more. Nothing is read but the TSV.
"""
import json
import math
import random
import re
import sys

rows=[l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
head=rows[0]; rows=[[float(x) for x in r] for r in rows[1:]]
corpus=next((a for a in sys.argv[2:] if a != 'show'), None)
STOP=set("the a an of in to and was is as for on by with at from that his her its their which who were has had be been it this also after before into over under about more most than then there these those they them when where while would could should will one two other such some many first".split())
def idf_features(case):
    """Share of the claim's IDF weight the article has, and its best sentence has."""
    stem=lambda w: w[:6]
    sents=[set(stem(w.lower()) for w in re.findall(r"[A-Za-z0-9]+",x)) for x in case['evidence']]
    n=len(sents)
    words=[stem(w.lower()) for w in re.findall(r"[A-Za-z0-9]+",case['claim']) if w.lower() not in STOP and len(w)>=3]
    idf={w: math.log((n+1)/(sum(1 for s in sents if w in s)+0.5)) for w in dict.fromkeys(words)}
    total=sum(idf.values()) or 1
    anywhere=sum(v for w,v in idf.items() if any(w in s for s in sents))
    best=max([sum(v for w,v in idf.items() if w in s) for s in sents] or [0])
    return [anywhere/total, best/total]
if corpus:
    cases=[json.loads(l) for l in open(corpus+'/claim_dev.jsonl')]
    assert len(cases)==len(rows), 'the TSV and the corpus must hold the same claims'
    head+=['idf_cov','idf_best']
    for r,c in zip(rows,cases): r.extend(idf_features(c))
def col(n): return head.index(n)
def feats(r, which):
    fn,fw,mn,mw,sn,sw=(r[col(k)] for k in ['found_names','found_words','missing_names','missing_words','scattered_names','scattered_words'])
    tot=fn+fw+mn+mw
    d={}
    d['score']=r[col('score')]/100
    d['miss_name_share']=mn/max(1,fn+mn)
    d['miss_word_share']=mw/max(1,fw+mw)
    d['missing_names']=mn
    d['missing_words']=mw
    d['scat_share']=(sn+sw)/max(1,tot)
    d['best_share']=r[col('best_terms')]/max(1,tot)
    d['nothing']=1.0 if fn+fw==0 else 0.0
    d['negated']=r[col('negated')]
    d['date']=r[col('date_unstated')]
    d['log_words']=math.log(1+r[col('claim_words')])
    d['log_sent']=math.log(1+r[col('sentences')])
    d['any_missing_name']=1.0 if mn>0 else 0.0
    for k in ('idf_cov','idf_best'):
        if k in head: d[k]=r[col(k)]
    return [d[k] for k in which]
def auroc(s,y):
    pos=[a for a,b in zip(s,y) if b]; neg=[a for a,b in zip(s,y) if not b]
    w=sum(1 if p>n else .5 if p==n else 0 for p in pos for n in neg)
    return w/(len(pos)*len(neg))
def fit(X,y,l2=1.0,it=3000,lr=0.5):
    n=len(X[0]); w=[0.0]*n; b=0.0; m=len(X)
    # class-balanced weights
    pw=m/(2*sum(y)); nw=m/(2*(m-sum(y)))
    for _ in range(it):
        gw=[0.0]*n; gb=0.0
        for x,t in zip(X,y):
            z=b+sum(a*c for a,c in zip(w,x)); p=1/(1+math.exp(-z))
            e=(p-t)*(pw if t else nw)
            gb+=e
            for j in range(n): gw[j]+=e*x[j]
        for j in range(n): w[j]-=lr*(gw[j]/m+l2*w[j]/m)
        b-=lr*gb/m
    return w,b
def run(which, k=5, seed=7, l2=1.0, show=False):
    X=[feats(r,which) for r in rows]; y=[int(r[0]) for r in rows]
    idx=list(range(len(X))); random.Random(seed).shuffle(idx)
    oof=[0.0]*len(X)
    for f in range(k):
        te=set(idx[f::k]); tr=[i for i in idx if i not in te]
        mu=[sum(X[i][j] for i in tr)/len(tr) for j in range(len(which))]
        sd=[math.sqrt(sum((X[i][j]-mu[j])**2 for i in tr)/len(tr)) or 1 for j in range(len(which))]
        Z=lambda i:[(X[i][j]-mu[j])/sd[j] for j in range(len(which))]
        w,b=fit([Z(i) for i in tr],[y[i] for i in tr],l2)
        for i in te: oof[i]=b+sum(a*c for a,c in zip(w,Z(i)))
    # BA at threshold 0 (balanced weights)
    tp=sum(1 for s,t in zip(oof,y) if t and s>0)/sum(y); tn=sum(1 for s,t in zip(oof,y) if not t and s<=0)/(len(y)-sum(y))
    res=(auroc(oof,y),(tp+tn)/2)
    if show:
        mu=[sum(x[j] for x in X)/len(X) for j in range(len(which))]
        sd=[math.sqrt(sum((x[j]-mu[j])**2 for x in X)/len(X)) or 1 for j in range(len(which))]
        w,b=fit([[ (x[j]-mu[j])/sd[j] for j in range(len(which))] for x in X],y,l2)
        raw=[w[j]/sd[j] for j in range(len(which))]; rb=b-sum(w[j]*mu[j]/sd[j] for j in range(len(which)))
        print('  full-fit raw weights', dict(zip(which,[round(v,3) for v in raw])), 'bias', round(rb,3))
    return res
sets={
 'score only':['score'],
 'shares':['miss_name_share','miss_word_share','scat_share','nothing'],
 'shares+counts':['miss_name_share','miss_word_share','missing_names','missing_words','scat_share','nothing'],
 'shares+best':['miss_name_share','miss_word_share','scat_share','best_share','nothing'],
 'shares+len':['miss_name_share','miss_word_share','scat_share','nothing','log_words','log_sent'],
 'all':['miss_name_share','miss_word_share','missing_names','missing_words','scat_share','best_share','nothing','negated','date','log_words','log_sent','any_missing_name'],
 'score+len':['score','log_words','log_sent'],
 'score+counts':['score','missing_names','missing_words'],
}
if corpus:
    sets.update({'idf cover':['idf_cov'], 'idf best':['idf_best'], 'score+idf':['score','idf_cov','idf_best']})
for name,which in sets.items():
    rs=[run(which,seed=s) for s in (1,2,3)]
    print(f"{name:16} OOF AUROC {sum(r[0] for r in rs)/3:.3f} BA {sum(r[1] for r in rs)/3:.3f}  ({' '.join(f'{r[0]:.3f}' for r in rs)})")
    if 'show' in sys.argv: run(which,show=True)
