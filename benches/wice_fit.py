"""Does a fitted combination of named features judge WiCE better than the hand-set score?

    cargo run --release --example wice -- ../shared/corpus/wice --features /tmp/wice.tsv
    python3 benches/wice_fit.py /tmp/wice.tsv [show]

For each set of features: a class-balanced, L2-regularised logistic regression, fitted on
k-1 folds of the development split and scored on the fold left out (k = 5, three shuffles),
so the AUROC and balanced accuracy printed are OUT OF FOLD: measured on claims the weights
were not fitted on. `show` also prints the weights fitted on all claims. Plain Python (no
numpy): 349 rows and a dozen features need nothing more. Nothing is read but the TSV.
"""
import math
import random
import sys

rows=[l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
head=rows[0]; rows=[[float(x) for x in r] for r in rows[1:]]
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
for name,which in sets.items():
    rs=[run(which,seed=s) for s in (1,2,3)]
    print(f"{name:16} OOF AUROC {sum(r[0] for r in rs)/3:.3f} BA {sum(r[1] for r in rs)/3:.3f}  ({' '.join(f'{r[0]:.3f}' for r in rs)})")
    if len(sys.argv)>2: run(which,show=True)
