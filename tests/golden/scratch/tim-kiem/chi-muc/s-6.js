CongkhaiSearch.load("s:6",{"60":[[],"CM"],"656":[[],"CK"]});
