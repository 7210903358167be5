CongkhaiSearch.load("s:a",{"anh":[["anh4"],"HRB"],"anh_kien":[[],"HR"]});
