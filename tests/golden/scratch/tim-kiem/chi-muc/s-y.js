CongkhaiSearch.load("s:y",{"yet":[[],"DU"]});
