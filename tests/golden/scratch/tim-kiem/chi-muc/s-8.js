CongkhaiSearch.load("s:8",{"815":[[],"AK"]});
