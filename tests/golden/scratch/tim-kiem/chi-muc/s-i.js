CongkhaiSearch.load("s:i",{"i":[[],"DU"]});
