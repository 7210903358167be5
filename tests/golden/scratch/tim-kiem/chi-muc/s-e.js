CongkhaiSearch.load("s:e",{"example":[[],"HM"]});
