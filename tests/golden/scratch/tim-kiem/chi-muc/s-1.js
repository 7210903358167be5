CongkhaiSearch.load("s:1",{"1":[[],"DJBJBM"],"1.000656":[[],"CJCM"],"1.001193":[[],"BJCM"],"1_kh":[[],"DJ"],"1_qd":[[],"FJ"]});
